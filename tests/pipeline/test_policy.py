"""The version rules of docs/ARCHITECTURE.md, case by case."""

import pytest

from avalon_nuke.pipeline.policy import Decision, Policy, State, decide, state_after

A, L, P = Policy.APPROVED, Policy.LATEST, Policy.PINNED


@pytest.mark.parametrize(("policy", "current", "newest", "newest_approved", "expected"), [
    (A, 5, 5, 4, Decision(5, False)),     # WIP v5, only v4 approved: stay on v5
    (A, 5, 5, None, Decision(5, False)),  # nothing approved at all: stay
    (A, 5, 5, 5, Decision(5, False)),     # v5 itself approved: stay, now approved
    (A, 5, 7, 6, Decision(6, False)),     # a newer approved version exists: move to it
    (A, 5, 6, 4, Decision(5, False)),     # a WIP v6 appears: an approved container does not move
    (A, 3, 6, 4, Decision(4, False)),     # approved v3 on screen, v4 approved: move to v4, not WIP v6
    (L, 5, 6, 4, Decision(6, False)),     # latest follows v6
    (L, 5, None, None, Decision(5, False)),
    (P, 3, 6, 5, Decision(3, True)),      # pinned never moves, reported outdated
    (P, 5, 6, 5, Decision(5, False)),
])
def test_decide(policy, current, newest, newest_approved, expected):
    assert decide(policy, current, newest, newest_approved) == expected


def test_state_after_a_decision():
    assert state_after(Decision(3, True), True) is State.OUTDATED
    assert state_after(Decision(5, False), False) is State.WIP
    assert state_after(Decision(5, False), True) is State.APPROVED


def test_unknown_policy_text_means_the_default():
    assert Policy.parse("latest") is L
    assert Policy.parse(None) is A and Policy.parse("garbage") is A


@pytest.mark.parametrize(("policy", "target"), [(Policy.APPROVED, 2), (Policy.LATEST, 3), (Policy.PINNED, 4)])
def test_a_node_on_a_rejected_version_goes_back_to_what_its_policy_follows(policy, target):
    # v004 (shown) was rejected; v003 is the newest other version, v002 the newest approved
    decision = decide(policy, 4, 3, 2, current_rejected=True)
    assert decision.target == target
