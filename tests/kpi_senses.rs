//! KPI words used in another sense are not evidence (issue #6): "testing" in user
//! research is not QA, a child's "performance" is not latency. The same words in their
//! KPI sense still link.

use readylens::kpi::{link, KpiConfig, KpiLinker, DEFAULT_MIN_CONFIDENCE};
use readylens::model::{Issue, IssueKind};

fn issue(title: &str, kind: IssueKind) -> Issue {
    Issue {
        key: "T-1".into(),
        kind,
        title: title.into(),
        ..Default::default()
    }
}

fn ids(title: &str, kind: IssueKind) -> Vec<String> {
    link(&issue(title, kind), &KpiConfig::default())
        .into_iter()
        .map(|h| h.id)
        .collect()
}

#[test]
fn testing_with_users_is_research_not_quality_assurance() {
    // from tests/fixtures/kpi/labelled.tsv (dev), ../shared/data/stories/dalpiaz/g11-nsf.txt#L10
    // (Dalpiaz, CC BY 4.0)
    let research = "As a user researcher, I want to have the finalized OLPA task script, so that I can begin testing with internal users.";
    assert!(
        !ids(research, IssueKind::Story).contains(&"defect-escape-rate".to_string()),
        "{:?}",
        ids(research, IssueKind::Story)
    );
    let usability = "As a designer, I want to run usability testing on the new checkout.";
    assert!(!ids(usability, IssueKind::Story).contains(&"defect-escape-rate".to_string()));
    // QA testing still links. From ../shared/data/issues/deepse/ (Choetkiertikul et al. 2018).
    // (A lone singular "test", as in "Run and document multi-node test with docker", is
    // no longer enough on its own: see `a_lone_singular_test_is_weak_evidence`.)
    for title in [
        "Add unit tests for MobileUsageUtil",
        "Fix DateTimeTimeTestCase.seconds flakyness.",
    ] {
        assert_eq!(
            ids(title, IssueKind::Other).first().map(String::as_str),
            Some("defect-escape-rate"),
            "{title}"
        );
    }
}

#[test]
fn a_persons_performance_is_not_system_performance() {
    // from tests/fixtures/kpi/labelled.tsv (heldout), ../shared/data/stories/dalpiaz/g12-camperplus.txt#L17
    // (Dalpiaz, CC BY 4.0)
    let child = "As a camp administrator, I want to provide bi-weekly feedback to camper's parents, so that they can be aware of their child's behavior and performance at camp.";
    assert!(
        !ids(child, IssueKind::Story).contains(&"reliability".to_string()),
        "{:?}",
        ids(child, IssueKind::Story)
    );
    assert!(!ids(
        "As a teacher, I want to see student performance per class.",
        IssueKind::Story
    )
    .contains(&"reliability".to_string()));
    // System performance still links (labelled.tsv, heldout; ../shared/data/stories/dalpiaz/g02-federalspending.txt#L30).
    let system = "As an Agency user, I want to be able to include a large number of flexfields without performance impact.";
    assert_eq!(
        top_found(system, IssueKind::Story).as_deref(),
        Some("reliability")
    );
    assert_eq!(
        ids(
            "Improve the performance of the board page",
            IssueKind::Other
        )
        .first()
        .map(String::as_str),
        Some("reliability")
    );
}

#[test]
fn one_related_word_alone_is_no_hint() {
    // from tests/fixtures/kpi/labelled.tsv (test), ../shared/data/stories/dalpiaz/g05-openspending.txt#L11
    // "convert" is related to trial conversion, "build" to defect escape: alone, no hint.
    let t = "As a Data Publishing User, I want to be able to import data in JSON, So that I do not have to convert data formats in order to use the data packager.";
    assert!(
        !ids(t, IssueKind::Story).contains(&"trial-conversion".to_string()),
        "{:?}",
        ids(t, IssueKind::Story)
    );
    assert!(ids("Let me do it quickly", IssueKind::Story).is_empty());
    // Two related words together still point at their KPI.
    assert_eq!(
        ids(
            "Cache the board query; retry when it hangs",
            IssueKind::Other
        )
        .first()
        .map(String::as_str),
        Some("reliability")
    );
    // Ease in the benefit is task success's own outcome (the labelling rule), even though
    // "easily" is only a related word elsewhere.
    // from tests/fixtures/kpi/labelled.tsv (dev), ../shared/data/stories/dalpiaz/g26-racdam.txt#L63
    let t = "As an archivist, I want to search by tag, so that it makes finding particular photographs easier.";
    assert_eq!(
        ids(t, IssueKind::Story).first().map(String::as_str),
        Some("task-success")
    );
    assert!(ids(
        "UI: Make client-side tools easily available",
        IssueKind::Other
    )
    .is_empty());
}

#[test]
fn switching_on_a_mode_is_not_activation_and_data_availability_is_not_uptime() {
    // from tests/fixtures/kpi/labelled.tsv (test), ../shared/data/stories/dalpiaz/g19-alfred.txt#L63
    let t = "As an OlderPerson, I want to activate the vocal interaction mode of ALFRED by pushing a specific button.";
    assert!(!ids(t, IssueKind::Story).contains(&"activation".to_string()));
    assert_eq!(
        ids(
            "Activate new accounts with a guided onboarding",
            IssueKind::Feature
        )
        .first()
        .map(String::as_str),
        Some("activation")
    );
    // from tests/fixtures/kpi/labelled.tsv (test), ../shared/data/stories/dalpiaz/g08-frictionless.txt#L64
    let t = "As a Publisher, I would like a tool to check data availability persistence after publication.";
    assert!(!ids(t, IssueKind::Story).contains(&"reliability".to_string()));
    assert_eq!(
        ids(
            "Improve availability of the login service",
            IssueKind::Other
        )
        .first()
        .map(String::as_str),
        Some("reliability")
    );
    // Availability said as a verb phrase (made up, like the dashboard's non-ASCII story).
    assert_eq!(
        top_found(
            "As a café owner, I want the portal to stay available so that customers can always pay online.",
            IssueKind::Story
        )
        .as_deref(),
        Some("reliability")
    );
    // "add-on" as a plugin is not a purchase (../shared/data/issues/deepse/moodle.csv, MDL-43525).
    assert!(!ids(
        "Allow add-ons to include YUI gallery modules",
        IssueKind::Other
    )
    .contains(&"expansion".to_string()));
}

#[test]
fn hangs_deadlocks_and_load_are_reliability() {
    // from tests/fixtures/kpi/labelled.tsv (heldout): ../shared/data/issues/deepse/bamboo.csv
    // BAM-7024, mule.csv MULE-8160, titanium.csv TIMOB-18617 (Choetkiertikul et al. 2018)
    for title in [
        "Apparent deadlock in Axis",
        "100% errors with http listener under high concurrency",
        "iOS Debugger: Studio hangs with Ti SDK 4.0.0.XXX",
    ] {
        assert_eq!(
            ids(title, IssueKind::Other).first().map(String::as_str),
            Some("reliability"),
            "{title}"
        );
    }
}

#[test]
fn a_lone_singular_test_is_weak_evidence() {
    // from tests/fixtures/kpi/labelled.tsv (heldout, test2, test), titles from
    // ../shared/data/issues/deepse/ (Choetkiertikul et al. 2018), all labelled "none":
    // "test"/"testing"/"tested" as a word of its own names many things besides test work.
    for title in [
        "Factor out V1 API test helper functions",
        "Appcelerator Studio: Preproduction - Test Service fails to enable first time after creating an app",
        "Mail Server can't get the SMTP or JNDI values if the server is Tested before Saving it",
        "Prepare manual how to set-up cross-platform testing",
    ] {
        assert!(ids(title, IssueKind::Other).is_empty(), "{title}");
    }
    // "tests" (test code) and "Test" inside an identifier still link (labelled
    // defect-escape-rate in the same file).
    for title in [
        "Setup Qserv for SUI tests",
        "GroupTest.LabelledGroup segfaults",
        "Test Not Passing: InMemoryAsyncIndexServiceTest",
    ] {
        assert_eq!(
            ids(title, IssueKind::Other).first().map(String::as_str),
            Some("defect-escape-rate"),
            "{title}"
        );
    }
}

#[test]
fn hints_from_related_words_only_are_calibrated_below_the_default() {
    // from tests/fixtures/kpi/labelled.tsv (test), ../shared/data/issues/deepse/ (labelled
    // "none"): "build" and a lone "test" are two related words for defect escape.
    let title = "Service.xml: generate on build, not on test";
    assert!(ids(title, IssueKind::Other).is_empty());
    let all = KpiLinker::new(&KpiConfig {
        min_confidence: 0.0,
        ..KpiConfig::default()
    });
    let i = Issue {
        title: title.into(),
        ..Default::default()
    };
    let hints = all.link(&i);
    let h = hints.iter().find(|h| h.id == "defect-escape-rate");
    assert!(
        h.is_some_and(|h| h.confidence > 0.0 && h.confidence < DEFAULT_MIN_CONFIDENCE),
        "{hints:?}"
    );
    // A key phrase with the same words still reaches it.
    assert_eq!(
        ids("Fix the build of the unit tests", IssueKind::Other)
            .first()
            .map(String::as_str),
        Some("defect-escape-rate")
    );
}

fn top(title: &str, kind: IssueKind) -> Option<String> {
    ids(title, kind).into_iter().next()
}

/// The top hint with the threshold lowered to 0.2: whether the evidence is found at all.
/// Since round 7 a user story whose only evidence is one key phrase in its want clause is
/// calibrated below the default threshold (0.28), so the controls below that show a
/// phrase still counting in a story use this.
fn top_found(title: &str, kind: IssueKind) -> Option<String> {
    let low = KpiConfig {
        min_confidence: 0.2,
        ..KpiConfig::default()
    };
    link(&issue(title, kind), &low)
        .into_iter()
        .next()
        .map(|h| h.id)
}

#[test]
fn ci_jenkins_and_junit_are_test_infrastructure() {
    // from tests/fixtures/kpi/labelled*.tsv (dev, test3), ../shared/data/issues/deepse/
    // springxd.csv#XD-3635, datamanagement.csv#DM-2498, mule.csv#MULE-7840
    // (Choetkiertikul et al. 2018): all three labelled defect-escape-rate.
    for title in [
        "Resolve remaining gaps with CI",
        "run jenkins builds on multiple platforms",
        "Upgrade JUnit version to 4.11",
    ] {
        assert_eq!(
            top(title, IssueKind::Other).as_deref(),
            Some("defect-escape-rate"),
            "{title}"
        );
    }
}

#[test]
fn keyboard_access_is_task_success_but_a_keyboard_shortcut_is_not_evidence() {
    // from tests/fixtures/kpi/labelled*.tsv (dev, test3): ../shared/data/issues/deepse/
    // moodle.csv#MDL-36081 (Choetkiertikul et al. 2018) and
    // ../shared/data/stories/dalpiaz/g23-archivesspace.txt (Dalpiaz, CC BY 4.0).
    for (title, kind) in [
        ("Video player can't be controlled by keyboard", IssueKind::Other),
        (
            "As an Archivist, I want to rearrange the Resource and/or Digital Object hierarchy using keyboard-based navigation.",
            IssueKind::Story,
        ),
    ] {
        assert_eq!(
            top_found(title, kind).as_deref(),
            Some("task-success"),
            "{title}"
        );
    }
    // ../shared/data/issues/deepse/aptanastudio.csv#APSTUD-1889 (not in a label set):
    // an editor's shortcut keys, not keyboard access.
    let shortcut = "The editor find toolbar interrupts certain keyboard shortcuts";
    assert!(
        !ids(shortcut, IssueKind::Other).contains(&"task-success".to_string()),
        "{:?}",
        ids(shortcut, IssueKind::Other)
    );
}

#[test]
fn user_documentation_by_name_is_customer_reported_issues() {
    // from tests/fixtures/kpi/labelled_test3.tsv, ../shared/data/issues/deepse/mesos.csv#MESOS-2405
    // (Choetkiertikul et al. 2018)
    assert_eq!(
        top(
            "Add user doc for using persistent volumes.",
            IssueKind::Other
        )
        .as_deref(),
        Some("customer-reported-issues")
    );
}

#[test]
fn people_who_signed_up_are_not_the_sign_up_flow() {
    // from tests/fixtures/kpi/labelled.tsv (test2), ../shared/data/stories/dalpiaz/g21-badcamp.txt#L41
    // (Dalpiaz, CC BY 4.0): labelled none.
    let list = "As a summit coordinator, I want to see a list of attendees signed up for my summit, so that I can communicate with my attendees by email prior to the event.";
    assert!(
        !ids(list, IssueKind::Story).contains(&"activation".to_string()),
        "{:?}",
        ids(list, IssueKind::Story)
    );
    // The flow itself still links (tests/fixtures/kpi/labelled.tsv, heldout,
    // ../shared/data/stories/dalpiaz/g14-datahub.txt): "sign up" in the benefit.
    let flow = "As a Visitor, I want to sign up via github or google, so that that I don't have to enter lots of information and remember my password for yet another website.";
    assert_eq!(
        top_found(flow, IssueKind::Story).as_deref(),
        Some("activation")
    );
}

#[test]
fn error_messages_as_a_symptom_are_not_support_work() {
    // from tests/fixtures/kpi/labelled_test3.tsv, ../shared/data/issues/deepse/titanium.csv#TIMOB-8414
    // (Choetkiertikul et al. 2018): labelled none.
    let symptom =
        "Android: Debugger - On V8, JNIUtil error messages appear when debugging with breakpoints";
    assert!(
        !ids(symptom, IssueKind::Other).contains(&"customer-reported-issues".to_string()),
        "{:?}",
        ids(symptom, IssueKind::Other)
    );
    // Better messages still link: ../shared/data/issues/deepse/appceleratorstudio.csv#TISTUD-3963
    // (not in a label set).
    assert_eq!(
        top(
            "Improve the error message when login failed",
            IssueKind::Other
        )
        .as_deref(),
        Some("customer-reported-issues")
    );
}

#[test]
fn a_timeout_alone_is_a_setting_or_a_symptom_not_reliability_work() {
    // A timeout in a title is a setting or a bug's symptom; all three were labelled none.
    // From tests/fixtures/kpi/labelled_test3.tsv and labelled_test4.tsv:
    // ../shared/data/issues/deepse/bamboo.csv#BAM-9556, mule.csv#MULE-8693,
    // titanium.csv#TIMOB-20583 (Choetkiertikul et al. 2018).
    for title in [
        "JBAM - Socket time outs after 10 seconds",
        "XA transaction must set tx timeout in XA resources",
        "Android: TiHTTPClient.getAllResponseHeaders() throws NullPointerException on timeout",
    ] {
        assert!(
            !ids(title, IssueKind::Other).contains(&"reliability".to_string()),
            "{title}: {:?}",
            ids(title, IssueKind::Other)
        );
    }
    // It still supports other reliability evidence (constructed: a key phrase plus the
    // timeout).
    let slow = issue("Requests time out under load", IssueKind::Other);
    let hints = link(&slow, &KpiConfig::default());
    let rel = hints.iter().find(|h| h.id == "reliability");
    assert!(
        rel.is_some_and(|h| h.evidence.iter().any(|e| e.term == "time out")),
        "{hints:?}"
    );
}

#[test]
fn accessible_as_reachable_is_not_accessibility() {
    // Labelled none: tests/fixtures/kpi/labelled_test4.tsv,
    // ../shared/data/issues/deepse/datamanagement.csv#DM-675 (Choetkiertikul et al. 2018) and
    // ../shared/data/stories/dalpiaz/g05-openspending.txt#L49 (Dalpiaz, CC BY 4.0).
    for (text, kind) in [
        (
            "Citizen methods should be private and accessible only through a friend interface",
            IssueKind::Other,
        ),
        (
            "As a Data Consuming User, I want to be able to search any dataset published and publicly accessible by their title and metadata, So that I can find the data I need.",
            IssueKind::Story,
        ),
        // ../shared/data/stories/ustai/UStAI-annotated_updated.csv, A12US10Ge (Yamani et al. 2025)
        (
            "As a system developer, I want the FVVI to be accessible through a user-friendly interface that allows users to easily visualize risk data at different geographic levels.",
            IssueKind::Story,
        ),
    ] {
        let hints = link(&issue(text, kind), &KpiConfig::default());
        assert!(
            !hints.iter().any(|h| h.id == "task-success"
                && h.evidence.iter().any(|e| e.term == "accessible")),
            "{text}: {hints:?}"
        );
    }
    // Accessibility still links: tests/fixtures/kpi/labelled.tsv (test),
    // ../shared/data/issues/deepse/moodle.csv#MDL-41773, and UStAI A31US6Ge.
    assert_eq!(
        top("Forum: code an accessible layout", IssueKind::Other).as_deref(),
        Some("task-success")
    );
    let a11y = "As a web accessibility advocate, I want to ensure that online advertisements are accessible to users with disabilities, providing a more inclusive browsing experience for everyone.";
    assert_eq!(top(a11y, IssueKind::Story).as_deref(), Some("task-success"));
}

#[test]
fn simplified_internals_and_names_are_not_a_simpler_task() {
    // Labelled none: tests/fixtures/kpi/labelled_test4.tsv,
    // ../shared/data/issues/deepse/usergrid.csv#USERGRID-1267 (a refactoring) and
    // jirasoftware.csv#JSW-8667 (the name of a workflow) (Choetkiertikul et al. 2018).
    for title in [
        "Simplify Central SSO: eliminate ext token validation end-point",
        "Allow to set resolution in Simplified Workflow",
    ] {
        assert!(
            !ids(title, IssueKind::Other).contains(&"task-success".to_string()),
            "{title}: {:?}",
            ids(title, IssueKind::Other)
        );
    }
    // Simpler for the user still links: labelled.tsv (dev) mulestudio.csv#STUDIO-3884,
    // labelled_test4.tsv bamboo.csv#BAM-8707.
    for title in [
        "Palette Simplification: Connector/Endpoint Simplification",
        "Simplify capability message on Tasks",
    ] {
        assert_eq!(
            top(title, IssueKind::Other).as_deref(),
            Some("task-success"),
            "{title}"
        );
    }
}

#[test]
fn pricing_of_infrastructure_and_buy_in_are_not_purchases() {
    // Labelled none: tests/fixtures/kpi/labelled_test4.tsv,
    // ../shared/data/issues/deepse/datamanagement.csv#DM-3977 (Choetkiertikul et al. 2018)
    // and ../shared/data/stories/dalpiaz/g02-federalspending.txt#L25 (Dalpiaz, CC BY 4.0).
    for (text, kind) in [
        (
            "Prepare pricing estimates for networking infrastructure",
            IssueKind::Other,
        ),
        (
            "As a UI designer, I want to schedule user testing, so that I can give the testers advanced notice to ensure buy-in.",
            IssueKind::Story,
        ),
    ] {
        assert!(
            !ids(text, kind).contains(&"trial-conversion".to_string()),
            "{text}: {:?}",
            ids(text, kind)
        );
    }
    // The customer's price still links: labelled.tsv (test),
    // ../shared/data/stories/dalpiaz/g14-datahub.txt#L64.
    let plan = "As an Admin, I want to have a pricing plan and billing system, so that that I can charge users and make my platform sustainable.";
    assert_eq!(
        top_found(plan, IssueKind::Story).as_deref(),
        Some("trial-conversion")
    );
}

#[test]
fn data_analytics_is_not_product_instrumentation() {
    // Labelled none: tests/fixtures/kpi/labelled.tsv (heldout),
    // ../shared/data/stories/dalpiaz/g14-datahub.txt#L37 (Dalpiaz, CC BY 4.0), and
    // labelled_test4.tsv, ../shared/data/issues/deepse/springxd.csv#XD-2968; UStAI A30US7Ll
    // (../shared/data/stories/ustai/UStAI-annotated_updated.csv, Yamani et al. 2025).
    for (text, kind) in [
        (
            "As a Data Analyst, I want to compare different versions of some datapackage locally, so that that I can see schema changes clearly and adjust my analytics code to the desired schema version.",
            IssueKind::Story,
        ),
        ("InfluxDB as an analytics backend", IssueKind::Other),
        (
            "As a law enforcement agency, I want to use predictive analytics to identify high-risk individuals and allocate resources more effectively, so that I can prevent crimes and improve public safety.",
            IssueKind::Story,
        ),
    ] {
        assert!(
            !ids(text, kind).contains(&"instrumentation-coverage".to_string()),
            "{text}: {:?}",
            ids(text, kind)
        );
    }
    // Product analytics still links: labelled.tsv (test2),
    // ../shared/data/issues/deepse/mulestudio.csv#STUDIO-4703.
    assert_eq!(
        top(
            "Improve Studio Analytics (KissMetrics) reports to include Studio version and OS",
            IssueKind::Other
        )
        .as_deref(),
        Some("instrumentation-coverage")
    );
}

#[test]
fn usable_on_a_browser_and_the_verb_support_are_other_senses() {
    // Labelled none: tests/fixtures/kpi/labelled_test4.tsv,
    // ../shared/data/issues/deepse/springxd.csv#XD-2345 (browser compatibility) and
    // ../shared/data/stories/dalpiaz/g23-archivesspace.txt#L17 (the verb "support").
    assert!(
        !ids("XD UI not usable with IE 11", IssueKind::Other).contains(&"task-success".to_string())
    );
    let verb =
        "As a user, I want backend changes to support loading enum value lists from the database.";
    assert!(
        !ids(verb, IssueKind::Story).contains(&"customer-reported-issues".to_string()),
        "{:?}",
        ids(verb, IssueKind::Story)
    );
    assert!(
        !ids("Support loading of modules from jars", IssueKind::Other)
            .contains(&"customer-reported-issues".to_string())
    );
    // The nouns still link (constructed titles).
    assert_eq!(
        top("Reduce support load for password resets", IssueKind::Other).as_deref(),
        Some("customer-reported-issues")
    );
    assert_eq!(
        top(
            "Make the editor usable for first-time authors",
            IssueKind::Other
        )
        .as_deref(),
        Some("task-success")
    );
}

#[test]
fn tests_that_bring_understanding_are_research() {
    // Labelled none: tests/fixtures/kpi/labelled_test4.tsv,
    // ../shared/data/stories/dalpiaz/g11-nsf.txt#L37 (Dalpiaz, CC BY 4.0).
    let research = "As a team member, I want to have a prototype strategy, so that I understand how we will gain understandings from tests that will drive recommendations.";
    assert!(
        !ids(research, IssueKind::Story).contains(&"defect-escape-rate".to_string()),
        "{:?}",
        ids(research, IssueKind::Story)
    );
}

#[test]
fn documentation_of_the_product_is_help_but_internal_or_read_documentation_is_not() {
    // Labelled customer-reported-issues: tests/fixtures/kpi/labelled.tsv (test),
    // ../shared/data/issues/deepse/mesos.csv#MESOS-3113, and labelled_test4.tsv,
    // springxd.csv#XD-1387 (Choetkiertikul et al. 2018).
    for title in [
        "Add resource usage section to containerizer documentation",
        "Add documentation on how to deploy XD to YARN",
    ] {
        assert_eq!(
            top(title, IssueKind::Other).as_deref(),
            Some("customer-reported-issues"),
            "{title}"
        );
    }
    // Labelled none: internal documentation (labelled_test4.tsv, datamanagement.csv#DM-272,
    // mesos.csv#MESOS-2737), documentation read rather than written (DM-6762), shown by
    // an IDE (labelled.tsv dev, aptanastudio.csv#APSTUD-4892), paperwork and data
    // documentation (labelled.tsv test2, ../shared/data/stories/dalpiaz/g03-loudoun.txt#L6;
    // labelled_test4.tsv, g22-rdadmp.txt#L56; Dalpiaz, CC BY 4.0).
    for (text, kind) in [
        ("Move TCT-relevant  twiki documentation to Confluence", IssueKind::Other),
        ("Add documentation for maintainers.", IssueKind::Other),
        ("Find and read documentation for OpenStack Swift API", IssueKind::Other),
        (
            "Issue showing documentation for two functions with similar names on different files",
            IssueKind::Other,
        ),
        (
            "As an Applicant, I want to Submit Supporting Documentation, so that I can satisfy documentation requirements for my application.",
            IssueKind::Story,
        ),
        (
            "As a data manager, I want to have references to documentation of the data and its creation process, so that the data can be re-used and managed.",
            IssueKind::Story,
        ),
    ] {
        assert!(
            !ids(text, kind).contains(&"customer-reported-issues".to_string()),
            "{text}: {:?}",
            ids(text, kind)
        );
    }
}

#[test]
fn a_cache_is_reliability_work_but_purging_or_a_leaking_cache_is_not() {
    // Labelled reliability: tests/fixtures/kpi/labelled_test3.tsv,
    // ../shared/data/issues/deepse/usergrid.csv#USERGRID-1007, and labelled_test4.tsv,
    // springxd.csv#XD-1851 (Choetkiertikul et al. 2018).
    for title in [
        "Implement a cache for Shiro & permissions",
        "Introduce cache to ZooKeeperContainerRepository",
    ] {
        assert_eq!(
            top(title, IssueKind::Other).as_deref(),
            Some("reliability"),
            "{title}"
        );
    }
    // Labelled none: labelled.tsv (test), moodle.csv#MDL-46255, and labelled_test4.tsv,
    // datamanagement.csv#DM-7014 (a leak is a bug).
    for title in [
        "Purge all caches page did not call $PAGE->set_url(...) (Moodle 2.8)",
        "Memory cache leak in firefly server",
    ] {
        assert!(
            !ids(title, IssueKind::Other).contains(&"reliability".to_string()),
            "{title}: {:?}",
            ids(title, IssueKind::Other)
        );
    }
}

#[test]
fn make_it_easy_in_the_want_clause_states_ease_as_the_goal() {
    // Labelled task-success: tests/fixtures/kpi/labelled_test4.tsv,
    // ../shared/data/stories/dalpiaz/g08-frictionless.txt#L49 (Dalpiaz, CC BY 4.0).
    let goal = "As a government Publisher, I want to make it easy to prove that our published data is valid, so that I can claim that we are living up to our transparency commitments.";
    assert_eq!(
        top_found(goal, IssueKind::Story).as_deref(),
        Some("task-success")
    );
    // A bare "easy" in the want clause stays related evidence (labelled none:
    // labelled_test3.tsv, g19-alfred.txt#L122).
    let want = "As a developer, I want to enable customers to provide feedback about my App and need an easy way to watch this feedback.";
    assert!(
        !ids(want, IssueKind::Story).contains(&"task-success".to_string()),
        "{:?}",
        ids(want, IssueKind::Story)
    );
}

#[test]
fn integration_test_classes_are_test_work() {
    // Labelled defect-escape-rate: tests/fixtures/kpi/labelled.tsv (dev),
    // ../shared/data/issues/deepse/usergrid.csv#USERGRID-334 "Fix AssetResourceIT", and
    // labelled_test4.tsv, usergrid.csv#USERGRID-631 "Test Not Passing: PathQueryIT"
    // (Choetkiertikul et al. 2018): a
    // class named "…IT" is an integration test (the Maven Failsafe convention).
    for title in ["Fix AssetResourceIT", "Test Not Passing: PathQueryIT"] {
        let hints = link(&issue(title, IssueKind::Other), &KpiConfig::default());
        let first = hints.first();
        assert_eq!(
            first.map(|h| h.id.as_str()),
            Some("defect-escape-rate"),
            "{title}"
        );
        let ev = first
            .and_then(|h| h.evidence.iter().find(|e| e.text == "IT"))
            .and_then(|e| e.span);
        let at = title.find("IT").unwrap_or(0);
        assert_eq!(ev.map(|s| (s.start, s.end)), Some((at, at + 2)), "{title}");
    }
    // The pronoun and the acronym on its own are not (constructed).
    for title in [
        "Make it possible to rename a board",
        "Ask IT to open the firewall port",
        "Move the ITSM connector",
    ] {
        assert!(
            !ids(title, IssueKind::Other).contains(&"defect-escape-rate".to_string()),
            "{title}"
        );
    }
}

#[test]
fn in_seconds_is_time_to_value_like_in_minutes() {
    // Labelled time-to-value: tests/fixtures/kpi/labelled.tsv (dev),
    // ../shared/data/stories/dalpiaz/g08-frictionless.txt#L9 (Dalpiaz, CC BY 4.0).
    let story = "As a Researcher, I want to get a Data Package into Excel in seconds, so that I can start using the data for doing analysis and visualizations.";
    assert_eq!(
        top_found(story, IssueKind::Story).as_deref(),
        Some("time-to-value")
    );
}

#[test]
fn end_user_help_by_name_is_customer_reported_issues() {
    // Labelled customer-reported-issues: tests/fixtures/kpi/labelled.tsv (heldout),
    // ../shared/data/issues/deepse/mulestudio.csv#STUDIO-3027 (Choetkiertikul et al. 2018),
    // and labelled_test4.tsv, ../shared/data/stories/dalpiaz/g23-archivesspace.txt#L14
    // (Dalpiaz, CC BY 4.0).
    assert_eq!(
        top("Replace new Studio Help Files", IssueKind::Other).as_deref(),
        Some("customer-reported-issues")
    );
    let story = "As an Authenticated User, I want to get access to links to contextual help.";
    assert_eq!(
        top_found(story, IssueKind::Story).as_deref(),
        Some("customer-reported-issues")
    );
}

#[test]
fn time_spent_in_the_benefit_is_customer_effort() {
    // Labelled task-success: tests/fixtures/kpi/labelled.tsv (test2),
    // ../shared/data/stories/dalpiaz/g24-unibath.txt#L5, and labelled_test3.tsv,
    // g24-unibath.txt#L12 (Dalpiaz, CC BY 4.0).
    for story in [
        "As a depositor, I want to deposit the files that I have, so that I don't have to spend a lot of time finding the right version and converting to the right format.",
        "As a depositor, I want to have metadata automatically filled from other University systems and remembered from previous deposits, so that I don't have to waste time reentering the same information.",
    ] {
        assert_eq!(top(story, IssueKind::Story).as_deref(), Some("task-success"), "{story}");
    }
    // Outside a benefit the same words are only related evidence (constructed titles: a
    // performance complaint, and a verb with a noun).
    for title in [
        "Report takes a lot of time to load",
        "Save time zone in user preferences",
    ] {
        assert!(
            !ids(title, IssueKind::Other).contains(&"task-success".to_string()),
            "{title}"
        );
    }
}

#[test]
fn ease_before_the_verb_is_task_success_but_a_trailing_easily_is_not() {
    // Round 7. Labelled task-success: tests/fixtures/kpi/labelled.tsv (test),
    // ../shared/data/stories/dalpiaz/g12-camperplus.txt#L25, and (test2)
    // g05-openspending.txt#L18 (Dalpiaz, CC BY 4.0): "easily" before the verb.
    for story in [
        "As a camp administrator, I want to be able to create groups and add campers to the groups, so that I can easily organize the campers.",
        "As a Data Consuming User, I want to see textual descriptions that accompany embedded visualisations, So that I can more easily understand what I am viewing.",
    ] {
        assert_eq!(top(story, IssueKind::Story).as_deref(), Some("task-success"), "{story}");
    }
    // Labelled none: labelled_test3.tsv, g21-badcamp.txt#L39, and labelled.tsv (test),
    // g24-unibath.txt#L11: "easily" after the verb phrase is not the ease of using the product.
    for story in [
        "As a attendee, I want to get detailed directions to the summit venue, so that I can get to the summit easily on the day of the event.",
        "As a depositor, I want to mint DOIs for my data, so that it can be discovered and cited more easily and citations can be tracked so that I can receive credit.",
    ] {
        assert!(
            !ids(story, IssueKind::Story).contains(&"task-success".to_string()),
            "{story}"
        );
    }
}

#[test]
fn one_key_phrase_in_a_story_want_clause_is_below_the_threshold() {
    // Round 7: one key phrase in a story's want clause was right 19 times in 26 on the
    // tuning splits, so the class is calibrated below the default threshold. Labelled
    // none: labelled_test5.tsv, ../shared/data/stories/dalpiaz/g21-badcamp.txt#L33 and
    // g19-alfred.txt#L110; labelled.tsv (dev), g23-archivesspace.txt#L22 (Dalpiaz, CC BY 4.0).
    for story in [
        "As a anonymoususer, I want to sign up for the BADCamp newsletter, so that I can stay up to date with the latest communications about BADCamp.",
        "As an OlderPerson, I want to be able to see my training Performance.",
        "As an Application Administrator , I want to be able to configure the help center URL and topic mappings.",
    ] {
        assert!(ids(story, IssueKind::Story).is_empty(), "{story}");
        // The evidence is still found: a lower threshold shows it.
        let low = KpiConfig {
            min_confidence: 0.2,
            ..KpiConfig::default()
        };
        assert!(!link(&issue(story, IssueKind::Story), &low).is_empty(), "{story}");
    }
    // The same phrase in a title that is not a story keeps its confidence (constructed).
    assert_eq!(
        top("Sign up for the newsletter fails", IssueKind::Other).as_deref(),
        Some("activation")
    );
    // A second piece of evidence lifts a story's hint over the threshold: "sign up" in the
    // want clause and "get started" in the benefit (constructed).
    assert_eq!(
        top(
            "As a visitor, I want to sign up with my email, so that I can get started right away.",
            IssueKind::Story
        )
        .as_deref(),
        Some("activation")
    );
    // The team's own keywords are its words for its backlog: never calibrated down.
    let team: KpiConfig = serde_json::from_value(serde_json::json!({
        "metrics": [{"id": "report-shares", "name": "Reports shared", "keywords": ["share report"]}]
    }))
    .expect("config");
    let hints = link(
        &issue(
            "As a manager, I want to share report links with my team.",
            IssueKind::Story,
        ),
        &team,
    );
    assert_eq!(
        hints.first().map(|h| h.id.as_str()),
        Some("report-shares"),
        "{hints:?}"
    );
}
