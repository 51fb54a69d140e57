//! Worked examples for each priority framework, taken from its source, on issues shaped
//! like tracker payloads. Titles and descriptions are real Jira issues from
//! ../shared/data/issues/deepse/*.csv (Choetkiertikul et al., "A deep learning model for
//! estimating story points", IEEE TSE 2018); the priority inputs are added for the test.

use readylens::model::{Doc, Estimate, Issue, Priority, Tracker};
use readylens::priority::{
    score, ConfidenceLevel, Framework, IceMethod, PriorityConfig, PriorityReport, Source,
};
use serde_json::json;

fn jira(key: &str, title: &str, description: &str) -> Issue {
    Issue {
        tracker: Tracker::Jira,
        key: key.to_string(),
        title: title.to_string(),
        description: Doc::from_plain(description),
        ..Default::default()
    }
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * b.abs().max(1.0)
}

fn get(r: &PriorityReport, fw: Framework) -> &readylens::priority::FrameworkScore {
    r.get(fw).expect("framework computed")
}

// from ../shared/data/issues/deepse/mesos.csv (Choetkiertikul et al. 2018)
const MESOS_336_TITLE: &str = "Mesos slave should cache executors";
const MESOS_336_DESC: &str = "The slave should be smarter about how it handles pulling down executors.  In our environment, executors rarely change but the slave will always pull it down from regardless HDFS.  This puts undue stress on our HDFS clusters, and is not resilient to reduced HDFS availability.";

/// Intercom's RICE article scores three projects: reach 450 / impact 3 / confidence
/// 100 % / effort 2; reach 2,000 / impact 1 / 80 % / 4; reach 800 / impact 2 / 50 % / 1.
#[test]
fn rice_intercom_worked_examples_from_custom_fields() {
    let cases = [
        (450.0, 3.0, "100%", 1.0, 2.0),
        (2000.0, 1.0, "80%", 0.8, 4.0),
        (800.0, 2.0, "50%", 0.5, 1.0),
    ];
    for (reach, impact, conf_raw, conf, effort) in cases {
        let mut i = jira("MESOS-336", MESOS_336_TITLE, MESOS_336_DESC);
        i.fields.insert("Reach".into(), json!(reach));
        i.fields.insert("Impact".into(), json!(impact));
        i.fields.insert("Confidence".into(), json!(conf_raw));
        i.fields.insert("Effort".into(), json!(effort));
        let r = score(&i, &PriorityConfig::default());
        let rice = get(&r, Framework::Rice);
        let expected = reach * impact * conf / effort;
        assert!(close(rice.score.unwrap(), expected), "{rice:?}");
        assert_eq!(r.primary_score, rice.score);
        assert!(rice.missing.is_empty());
        assert!(rice.inputs.iter().all(|i| i.source == Source::Field));
        assert_eq!(rice.confidence_level, ConfidenceLevel::High);
    }
}

#[test]
fn rice_from_a_description_line_explains_the_arithmetic() {
    let desc = format!("{MESOS_336_DESC}\nRICE: reach=500 impact=2 confidence=80% effort=3");
    let r = score(
        &jira("MESOS-336", MESOS_336_TITLE, &desc),
        &PriorityConfig::default(),
    );
    let rice = get(&r, Framework::Rice);
    assert!(close(rice.score.unwrap(), 500.0 * 2.0 * 0.8 / 3.0));
    assert_eq!(rice.explanation, "RICE 266.7 = 500 × 2 × 0.8 ÷ 3");
    let conf = rice.inputs.iter().find(|i| i.name == "confidence").unwrap();
    assert_eq!(conf.source, Source::Text);
    assert_eq!(conf.raw, "80%");
    assert_eq!(conf.from, "description line 2");
}

#[test]
fn rice_impact_and_confidence_snap_to_intercom_scales_with_a_note() {
    let mut i = jira(
        "MESOS-336",
        MESOS_336_TITLE,
        "RICE: reach=100 impact=1.5 confidence=65% effort=1",
    );
    let r = score(&i, &PriorityConfig::default());
    let rice = get(&r, Framework::Rice);
    let impact = rice.inputs.iter().find(|i| i.name == "impact").unwrap();
    assert_eq!(
        impact.value, 2.0,
        "1.5 is halfway between 1 and 2: ties go up"
    );
    assert!(impact.adjustments[0].contains("Intercom"), "{impact:?}");
    let conf = rice.inputs.iter().find(|i| i.name == "confidence").unwrap();
    assert_eq!(conf.value, 0.8);
    assert!(!conf.adjustments.is_empty());
    assert!(close(rice.score.unwrap(), 100.0 * 2.0 * 0.8 / 1.0));

    // Below 50 % Intercom calls a moonshot; words are Intercom's level names.
    i.description = Doc::from_plain("RICE: reach=100 impact=massive confidence=30 effort=1");
    let r = score(&i, &PriorityConfig::default());
    let rice = get(&r, Framework::Rice);
    let conf = rice.inputs.iter().find(|i| i.name == "confidence").unwrap();
    assert_eq!(conf.value, 0.5);
    assert!(conf.adjustments[0].contains("moonshot"), "{conf:?}");
    assert_eq!(
        rice.inputs
            .iter()
            .find(|i| i.name == "impact")
            .unwrap()
            .value,
        3.0
    );
}

/// SAFe: WSJF = (user-business value + time criticality + RR|OE) ÷ job size.
#[test]
fn wsjf_from_azure_devops_reference_names_and_jira_rr_oe() {
    // from ../shared/data/issues/deepse/mesos.csv (Choetkiertikul et al. 2018)
    let mut i = jira(
        "MESOS-5450",
        "Make the SASL dependency optional.",
        "Right now there is a hard dependency on SASL, which probably won't work well on Windows (at least) in the near future for our use cases.",
    );
    i.tracker = Tracker::AzureDevOps;
    i.fields
        .insert("Microsoft.VSTS.Common.BusinessValue".into(), json!(8));
    i.fields
        .insert("Microsoft.VSTS.Common.TimeCriticality".into(), json!(5));
    i.fields.insert("RR|OE".into(), json!(3));
    i.fields.insert("Job Size".into(), json!(5));
    let r = score(&i, &PriorityConfig::default());
    let w = get(&r, Framework::Wsjf);
    assert!(close(w.score.unwrap(), (8.0 + 5.0 + 3.0) / 5.0));
    assert_eq!(w.explanation, "WSJF 3.2 = (8 + 5 + 3) ÷ 5");
    // Azure DevOps business value is free-form: 40 snaps to the top of the scale.
    i.fields
        .insert("Microsoft.VSTS.Common.BusinessValue".into(), json!(40));
    i.fields.insert("Job Size".into(), json!(4));
    let r = score(&i, &PriorityConfig::default());
    let w = get(&r, Framework::Wsjf);
    let bv = w
        .inputs
        .iter()
        .find(|i| i.name == "business_value")
        .unwrap();
    assert_eq!(bv.value, 20.0);
    assert!(bv.adjustments[0].contains("Fibonacci"));
    let js = w.inputs.iter().find(|i| i.name == "job_size").unwrap();
    assert_eq!(js.value, 5.0, "4 is between 3 and 5: ties go up");
    assert!(close(w.score.unwrap(), (20.0 + 5.0 + 3.0) / 5.0));
}

#[test]
fn wsjf_tagged_line_and_job_size_from_story_points() {
    // from ../shared/data/issues/deepse/mesos.csv (Choetkiertikul et al. 2018), 8 points
    let mut i = jira(
        "MESOS-343",
        "Expose TASK_FAILED reason to Frameworks.",
        "We now have a message string inside TaskStatus that provides human readable information about TASK_FAILED.\nWSJF: bv=13 tc=8 rr=2",
    );
    i.estimate = Some(Estimate::points(8.0));
    let r = score(&i, &PriorityConfig::default());
    let w = get(&r, Framework::Wsjf);
    let js = w.inputs.iter().find(|i| i.name == "job_size").unwrap();
    assert_eq!(js.source, Source::Estimate);
    assert_eq!(js.value, 8.0);
    assert!(close(w.score.unwrap(), (13.0 + 8.0 + 2.0) / 8.0));
    assert!(w.confidence < 1.0 && w.confidence > 0.9, "{}", w.confidence);
}

#[test]
fn ice_product_and_average() {
    // from ../shared/data/issues/deepse/springxd.csv (Choetkiertikul et al. 2018)
    let i = jira(
        "XD-2116",
        "Add REST resource sink",
        "Would be nice to have a sink for REST resources.\nICE: 7/8/6",
    );
    let r = score(&i, &PriorityConfig::default());
    let ice = get(&r, Framework::Ice);
    assert_eq!(ice.score, Some(7.0 * 8.0 * 6.0));
    assert_eq!(ice.explanation, "ICE 336 = 7 × 8 × 6");
    let cfg = PriorityConfig {
        ice_method: IceMethod::Average,
        ..Default::default()
    };
    let ice = score(&i, &cfg).get(Framework::Ice).cloned().unwrap();
    assert!(close(ice.score.unwrap(), (7.0 + 8.0 + 6.0) / 3.0));
    // Out of range ratings are clamped to 1–10 with a note.
    let i = jira(
        "XD-2116",
        "Add REST resource sink",
        "ICE: impact=12 confidence=0 ease=5",
    );
    let ice = score(&i, &PriorityConfig::default())
        .get(Framework::Ice)
        .cloned()
        .unwrap();
    assert_eq!(ice.score, Some(10.0 * 1.0 * 5.0));
    assert_eq!(
        ice.inputs
            .iter()
            .filter(|i| !i.adjustments.is_empty())
            .count(),
        2
    );
}

/// Black Swan Farming, "CD3 and proportionality to outcomes": option A adds 10 ice
/// creams a week and takes 2 weeks (CD3 5); option B adds 30 a week and takes 4 (7.5).
#[test]
fn cd3_black_swan_farming_ice_cream_example() {
    let a = jira("A", "Add a Super Spoon", "CD3: cod=10 duration=2");
    let b = jira(
        "B",
        "Build a Second Machine",
        "Cost of delay: 30/week\nCD3: duration=4",
    );
    let cfg = PriorityConfig::default();
    let ra = score(&a, &cfg);
    let rb = score(&b, &cfg);
    assert_eq!(ra.score_of(Framework::Cd3), Some(10.0 / 2.0));
    assert_eq!(rb.score_of(Framework::Cd3), Some(30.0 / 4.0));
    assert_eq!(
        readylens::priority::rank(&[ra, rb.clone()], Framework::Cd3),
        vec![1, 0]
    );
    let cod = get(&rb, Framework::Cd3)
        .inputs
        .iter()
        .find(|i| i.name == "cost_of_delay")
        .unwrap();
    assert_eq!(cod.raw, "30/week");
    assert!(cod.from.contains("Cost of delay"), "{cod:?}");
}

#[test]
fn value_effort_falls_back_to_priority_and_estimate_with_provenance() {
    // from ../shared/data/issues/deepse/clover.csv (Choetkiertikul et al. 2018), 2 points
    let mut i = jira(
        "CLOV-1155",
        "Simple installer for Clover-for-IDEA",
        "New feature: provide simple installer for Clover-for-IDEA.\nBusiness value: makes Clover evaluation easier.",
    );
    i.priority = Some(Priority::from_name("Major"));
    i.estimate = Some(Estimate::points(2.0));
    let r = score(&i, &PriorityConfig::default());
    let ve = get(&r, Framework::ValueEffort);
    // Major = level 2 → value 4; 2 points ÷ 10 points per person-month = 0.2.
    assert!(close(ve.score.unwrap(), 4.0 / 0.2), "{ve:?}");
    let value = ve.inputs.iter().find(|i| i.name == "value").unwrap();
    assert_eq!(value.source, Source::Priority);
    // The prose "Business value:" line is not a number: reported, not used as zero.
    assert!(
        ve.notes.iter().any(|n| n.contains("not a number")),
        "{:?}",
        ve.notes
    );
    assert!(get(&r, Framework::Wsjf).score.is_none());
    // (0.6 for the priority + 0.8 for the estimate) / 2
    assert_eq!(ve.confidence_level, ConfidenceLevel::Medium);
}

#[test]
fn missing_inputs_are_listed_never_zero() {
    // from ../shared/data/issues/deepse/mesos.csv (Choetkiertikul et al. 2018)
    let i = jira(
        "MESOS-1358",
        "Show when the leading master was elected in the webui",
        "This would be nice to have during debugging.",
    );
    let r = score(&i, &PriorityConfig::default());
    assert_eq!(r.primary_score, None);
    for fs in &r.scores {
        assert_eq!(fs.score, None);
        assert_eq!(fs.missing.len(), fs.framework.inputs().len());
        assert!(
            fs.explanation.contains("not scored: missing"),
            "{}",
            fs.explanation
        );
        assert_eq!(fs.confidence_level, ConfidenceLevel::None);
    }
    let rice = get(&r, Framework::Rice);
    assert_eq!(
        rice.explanation,
        "RICE not scored: missing reach, impact, confidence, effort"
    );
}

#[test]
fn team_defaults_fill_gaps_but_stay_visible() {
    let mut i = jira("MESOS-336", MESOS_336_TITLE, "RICE: reach=300 impact=1");
    i.estimate = Some(Estimate::points(5.0));
    let mut cfg = PriorityConfig::default();
    cfg.defaults.insert("rice.confidence".into(), 0.5);
    let r = score(&i, &cfg);
    let rice = get(&r, Framework::Rice);
    assert!(close(rice.score.unwrap(), 300.0 * 1.0 * 0.5 / 0.5));
    assert_eq!(rice.missing, vec!["confidence".to_string()]);
    let conf = rice.inputs.iter().find(|i| i.name == "confidence").unwrap();
    assert_eq!(conf.source, Source::Default);
    let effort = rice.inputs.iter().find(|i| i.name == "effort").unwrap();
    assert_eq!(effort.source, Source::Estimate);
    assert!(effort.adjustments[0].contains("points per person-month"));
    // (1 + 1 + 0.5 + 0.8) / 4
    assert!(close(rice.confidence, 3.3 / 4.0));
}

#[test]
fn only_configured_frameworks_are_computed_and_primary_always_is() {
    let cfg: PriorityConfig =
        serde_json::from_value(json!({"primary": "wsjf", "frameworks": ["rice"]})).unwrap();
    let r = score(&jira("K-1", "t", ""), &cfg);
    let fws: Vec<Framework> = r.scores.iter().map(|s| s.framework).collect();
    assert_eq!(fws, vec![Framework::Rice, Framework::Wsjf]);
    assert_eq!(r.primary, Some(Framework::Wsjf));
}
