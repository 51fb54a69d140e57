//! A small software-vocabulary lexicon: words that bug reports use interchangeably
//! for one thing, joined to one stem before comparison ("macOS"/"OSX"/"Mac",
//! "launch"/"start"/"open", "RAM"/"memory", "e-mail"/"mail").
//!
//! Source and rationale: written from general knowledge of issue-tracker and
//! end-user vocabulary (operating-system and application names as users type them,
//! the verbs users pick for the same action or failure, abbreviations of common UI
//! nouns), before measuring it on any labelled pair. It is deliberately generic: no
//! product-specific term (a product's own abbreviation, a release code name) and no
//! entry chosen because a known duplicate needed it. Every issue is normalised the
//! same way, so it only changes which words count as the same word.
//!
//! What was left out, and why:
//! - "win"/"windows": the stemmer already joins "windows" (the OS) with "window" (the
//!   UI element), so an alias would only join more unrelated words.
//! - Words whose common technical sense differs ("options" for "preferences",
//!   "url" for "link", "appear" for "show", "break" for "broken": a line break).
//! - Phrases ("log in", "os x", "doesn't work"): one-letter and stop words are dropped
//!   before this table is consulted, and phrases would need look-ahead in the
//!   tokenizer; their single-word forms are listed instead ("login", "osx").
//!
//! A key is matched against a word as written (lower-cased) and against its Snowball
//! stem, so "launches", "launched" and "launching" all match the key "launch". The
//! group's head word is stemmed like any other word and becomes the shared stem. Word
//! surfaces are kept, so evidence still shows the words the issue used.

/// Head word, then the words (or stems) that mean the same in a bug report.
pub(super) const GROUPS: &[(&str, &[&str])] = &[
    // Negated contractions: "doesn't" is "does not", and "does" is a stopword, so
    // what is left of either is "not".
    (
        "not",
        &[
            "doesnt", "dont", "didnt", "isnt", "arent", "wasnt", "werent", "cant", "cannot",
            "couldnt", "wont", "wouldnt", "hasnt", "havent", "hadnt", "shouldnt",
        ],
    ),
    // Operating systems as users name them.
    ("macos", &["osx", "macosx", "mac", "macintosh"]),
    // Application names and their usual abbreviations.
    ("firefox", &["ff", "fx"]),
    ("thunderbird", &["tbird"]),
    // Starting a program.
    (
        "start",
        &[
            "launch", "startup", "open", "run", "reopen", "relaunch", "restart",
        ],
    ),
    // Ending a program.
    ("quit", &["exit"]),
    // Failure modes.
    ("crash", &["segfault", "sigsegv"]),
    (
        "hang",
        &[
            "hung",
            "freez",
            "freeze",
            "froze",
            "frozen",
            "unresponsive",
            "stuck",
            "lockup",
        ],
    ),
    ("slow", &["sluggish", "lag", "laggy", "lagging", "lags"]),
    ("fail", &["failur", "failure", "broken", "broke"]),
    ("missing", &["disappear", "vanish", "miss"]),
    // Common actions.
    ("show", &["shown", "display"]),
    ("delete", &["remov", "remove", "eras", "erase"]),
    ("edit", &["modifi", "modify"]),
    ("update", &["upgrad", "upgrade"]),
    ("install", &["reinstal", "reinstall"]),
    ("login", &["logon", "signin"]),
    ("logout", &["logoff", "signout"]),
    // UI and system nouns and their abbreviations.
    ("mail", &["email", "emails"]),
    ("message", &["msg", "msgs"]),
    ("folder", &["directori", "directory", "dir", "dirs"]),
    ("preference", &["pref", "prefs", "setting", "settings"]),
    ("image", &["imag", "img", "pic", "pics", "picture", "photo"]),
    ("button", &["btn"]),
    ("password", &["passwd", "pwd"]),
    (
        "addon",
        &["addons", "extens", "extension", "plugin", "plugins"],
    ),
    ("memory", &["ram"]),
    (
        "bookmark",
        &["favorit", "favourit", "favorite", "favourite"],
    ),
    ("site", &["websit", "website", "webpag", "webpage"]),
    ("application", &["app", "apps", "applic"]),
    ("configuration", &["config", "configur"]),
    ("database", &["db", "databas"]),
    ("dialog", &["dialogu", "dialogue"]),
    ("shortcut", &["hotkey", "keybind", "keybinding"]),
    ("junk", &["spam"]),
];

/// The head word of the group `word` (a lower-cased word or its stem) belongs to.
pub(super) fn head_of(
    table: &super::FxHashMap<&'static str, &'static str>,
    word: &str,
) -> Option<&'static str> {
    table.get(word).copied()
}

/// The lookup table: every listed word → its head word.
pub(super) fn table() -> super::FxHashMap<&'static str, &'static str> {
    let mut t = super::FxHashMap::default();
    for &(head, words) in GROUPS {
        for &w in words {
            t.insert(w, head);
        }
    }
    t
}

#[cfg(test)]
mod tests {
    use super::super::tests::stems;
    use super::super::Tokenizer;
    use super::*;

    fn stem_of(t: &mut Tokenizer, word: &str) -> String {
        stems(t, word).concat()
    }

    #[test]
    fn platform_and_verb_aliases_share_a_stem() {
        // Titles of bugs 1924612 and 1935343, a known duplicate pair, and a line of
        // 1935343's description; from ../shared/data/duplicates/seamonkey/SeaMonkey_bugs.csv
        // (GitBugs, CC BY 4.0).
        let mut t = Tokenizer::default();
        let a = stems(&mut t, "SeaMonkey doesn't launch on macOS 15.1 Sequoia");
        let b = stems(
            &mut t,
            "LSOpenURLsWithRole() failed with error 54 on OSX 15.1.1",
        );
        let b_body = stems(&mut t, "When trying to open SM on this platform results in the above error on 15.1.1 running on an M1.");
        let shared = |x: &[String], y: &[String]| -> Vec<String> {
            x.iter().filter(|s| y.contains(s)).cloned().collect()
        };
        assert_eq!(shared(&a, &b), vec!["maco", "15"]);
        // "launch" in one report, "open" and "running" in the other.
        assert_eq!(shared(&a, &b_body), vec!["start", "15"]);
        for w in ["Mac", "Macintosh", "MacOSX", "osx"] {
            assert_eq!(stem_of(&mut t, w), "maco", "{w}");
        }
    }

    #[test]
    fn inflections_reach_the_group_through_the_stem() {
        let mut t = Tokenizer::default();
        for w in [
            "launch",
            "launches",
            "launched",
            "launching",
            "Started",
            "reopening",
        ] {
            assert_eq!(stem_of(&mut t, w), "start", "{w}");
        }
        for w in ["froze", "frozen", "freezes", "unresponsive", "hung"] {
            assert_eq!(stem_of(&mut t, w), "hang", "{w}");
        }
        for w in ["broken", "broke", "failure", "failed"] {
            assert_eq!(stem_of(&mut t, w), "fail", "{w}");
        }
        // Words outside the table keep their own stem.
        assert_eq!(stem_of(&mut t, "scrolling"), "scroll");
        assert_eq!(stem_of(&mut t, "break"), "break");
    }

    #[test]
    fn negated_contractions_read_as_not() {
        // Bugs 1849855 and 1847887's neighbour "Search messages from mail window does
        // not work", ../shared/data/duplicates/seamonkey/SeaMonkey_bugs.csv (GitBugs,
        // CC BY 4.0).
        let mut t = Tokenizer::default();
        assert_eq!(
            stems(&mut t, "search in e-mails doesn't work anymore"),
            vec!["search", "mail", "not", "work", "anymor"]
        );
        assert_eq!(
            stems(&mut t, "Search messages from mail window does not work"),
            vec!["search", "messag", "mail", "window", "not", "work"]
        );
        assert_eq!(stems(&mut t, "I can't / cannot / won't"), vec!["not"; 3]);
    }

    #[test]
    fn the_words_as_written_are_kept_for_evidence() {
        let mut t = Tokenizer::default();
        let mut w = Vec::new();
        t.words("OSX RAM e-mail", &mut w);
        let surfaces: Vec<&str> = w.iter().map(|w| t.vocab.surface(w.surface)).collect();
        assert_eq!(surfaces, vec!["osx", "ram", "mail"]);
        let s: Vec<&str> = w.iter().map(|w| t.vocab.stem(w.stem)).collect();
        assert_eq!(s, vec!["maco", "memori", "mail"]);
    }

    #[test]
    fn the_table_is_well_formed() {
        let mut t = Tokenizer::default();
        let stop = |w: &str| t.stopwords.contains(w);
        let mut seen: Vec<&str> = Vec::new();
        for &(head, words) in GROUPS {
            assert!(!stop(head), "{head} is a stopword");
            for &w in words {
                // Lower-case, not a stopword (those are dropped before the lookup),
                // listed once, and not another group's head.
                assert_eq!(w, w.to_lowercase());
                assert!(!stop(w), "{w} is a stopword");
                assert!(!seen.contains(&w), "{w} listed twice");
                assert!(
                    GROUPS.iter().all(|g| g.0 != w || g.0 == head),
                    "{w} is a head"
                );
                seen.push(w);
            }
        }
        // No two groups end on the same stem (they would silently merge).
        let mut heads: Vec<String> = GROUPS.iter().map(|g| stem_of(&mut t, g.0)).collect();
        let n = heads.len();
        heads.sort();
        heads.dedup();
        assert_eq!(heads.len(), n);
    }
}
