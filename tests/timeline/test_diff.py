"""The "since last time" diff: facts, statuses and lesions per segment (added / grown / gone ...)."""

from __future__ import annotations

from nelm_desktop.core.model import Lesion, new_case
from nelm_desktop.core.timeline import diff_snapshots, snapshot_of
from nelm_desktop.core.timeline.diff import lesion_changes, show_value


def test_diff_names_changed_facts_statuses_and_lesions():
    before = new_case(
        differentiation="well",
        ki67_pct=4,
        extrahepatic_disease="none",
        lesions=[Lesion(segment="VI", size_cm=3, count=1), Lesion(segment="II", size_cm=1, count=1)],
    )
    after = before.model_copy(
        update={
            "ki67_pct": 25.0,
            "extrahepatic_disease": "unresectable",
            "lesions": [
                Lesion(segment="VI", size_cm=5.5, count=1),
                Lesion(segment="VIII", size_cm=2, count=3),
            ],
            "updated_at": "2030-01-01T00:00:00+00:00",
        }
    )
    a, b = snapshot_of(before), snapshot_of(after)
    diff = diff_snapshots(a, b, "2026-05-01", "now")
    facts = {(c.fact, c.before, c.after) for c in diff.facts}
    assert facts == {("ki67_pct", "4", "25"), ("extrahepatic_disease", "none", "unresectable")}
    assert {(c.segment, c.kind) for c in diff.lesions} == {("II", "gone"), ("VI", "grown"), ("VIII", "added")}
    expected = {m: (a.statuses[m], b.statuses[m]) for m in a.statuses if a.statuses[m] != b.statuses[m]}
    assert expected  # G1 -> G2 with unresectable extrahepatic disease moves several options
    assert {c.modality: (c.before, c.after) for c in diff.statuses} == expected
    lines = "\n".join(diff.lines())
    assert (
        "Since 2026-05-01" in lines and "Segment VIII: added" in lines and "Ki-67 index (%): 4 -> 25" in lines
    )


def test_same_facts_give_an_empty_diff_and_unknown_sizes_are_no_growth():
    case = new_case(lesions=[Lesion(segment="IV", size_cm=None, count=2)])
    assert diff_snapshots(snapshot_of(case), snapshot_of(case), "a", "b").empty
    later = case.model_copy(update={"lesions": [Lesion(segment="IV", size_cm=4, count=2)]})
    # From an unknown size to a known one is not "grown": nothing is compared that was not measured.
    assert lesion_changes(snapshot_of(case).facts, snapshot_of(later).facts) == []
    more = case.model_copy(update={"lesions": [Lesion(segment="IV", size_cm=None, count=5)]})
    [change] = lesion_changes(snapshot_of(case).facts, snapshot_of(more).facts)
    assert (change.segment, change.kind) == ("IV", "more")


def test_unknown_is_shown_as_not_recorded():
    assert show_value(None) == show_value("unknown") == "not recorded"
    assert show_value(4.0) == "4" and show_value("small_intestine") == "small intestine"
