#![cfg(not(target_arch = "wasm32"))]
//! `readylens check --rank FRAMEWORK` prints the backlog ranked by that framework.

use std::process::Command;

#[test]
fn rank_orders_by_wsjf_and_rejects_unknown_frameworks() {
    // Titles from ../shared/data/issues/deepse/mesos.csv (Choetkiertikul et al. 2018);
    // the WSJF lines are added for the test.
    let dir = std::env::temp_dir().join(format!("readylens-rank-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let csv = dir.join("backlog.csv");
    std::fs::write(
        &csv,
        "issuekey,title,description,storypoint\n\
         MESOS-1,Improve Master and Slave metric names,WSJF: bv=2 tc=1 rr=1 size=8,3\n\
         MESOS-2,Add flags support for JSON,WSJF: bv=13 tc=8 rr=5 size=3,2\n\
         MESOS-3,Show when the leading master was elected,WSJF: bv=5 tc=3 rr=2 size=5,5\n",
    )
    .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_readylens"))
        .args([
            "check",
            "--format",
            "json",
            "--rank",
            "wsjf",
            "--now",
            "2026-11-28",
        ])
        .arg(&csv)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    let table = &stdout[stdout
        .find("Ranked by WSJF")
        .expect("the ranked table follows the report")..];
    let pos = |k: &str| table.find(k).unwrap_or(usize::MAX);
    assert!(
        pos("MESOS-2") < pos("MESOS-3") && pos("MESOS-3") < pos("MESOS-1"),
        "{table}"
    );

    let bad = Command::new(env!("CARGO_BIN_EXE_readylens"))
        .args(["check", "--rank", "moscow-ish"])
        .arg(&csv)
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("unknown framework `moscow-ish`"));
    let _ = std::fs::remove_dir_all(&dir);
}
