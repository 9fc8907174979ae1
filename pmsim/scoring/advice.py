"""What to do better next time, for the dimension that lost the most points."""

from __future__ import annotations

from pmsim.scoring.outcome import Outcome

DIMENSION_ADVICE = {
    "schedule": "watch the P50 and P80 finish from week 1; staff the critical path, "
                "crash or fast-track critical tasks early, and defer low-value scope "
                "while it still helps",
    "cost": "keep overtime short (it is paid at a premium), spend contingency on the "
            "risks that matter, and turn down changes that bring no money",
    "scope": "protect the must-haves: defer could-haves first, and restore scope when "
             "time allows",
    "quality": "tired, new and rushed people let more defects through: keep weeks near "
               "normal hours, fast-track sparingly, and let the test tasks run, since "
               "defects found in testing are fixed before delivery",
    "stakeholders": "meet each stakeholder as often as their place on the power/interest "
                    "grid asks (manage closely fortnightly, keep satisfied monthly and no "
                    "more), bring the resistant to the engagement the project needs early, "
                    "keep status reports going, and answer escalations",
    "team": "long weeks build fatigue that lasts; recognise the team, hold a team event "
            "when morale sags, and counter-offer key people who resign",
}
"""What helps each dimension, in the model's terms (the debrief's "next time")."""


def advice(outcome: Outcome) -> str:
    """'Next time: …' for the dimension that lost the most points, or '' for a full
    score."""
    lost = max(outcome.dimensions, key=lambda d: d.max_points - d.points, default=None)
    if lost is None or lost.points >= lost.max_points:
        return ""
    return (f"Most points lost: {lost.name}, {lost.max_points - lost.points} of "
            f"{lost.max_points}. Next time: {DIMENSION_ADVICE[lost.name]}.")
