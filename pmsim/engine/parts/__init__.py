"""The owned parts of a game's state.

`Simulation` wires these together; each subsystem takes the part it needs:
`Mood` (the team's morale and overtime), `Attention` (the PM's hours),
`Board` (deadline, tolerances and exceptions), `Ledger` (money and cost rates),
`PlanInForce` (the baseline and approved changes) and `ScopeState` (one per scope item).
"""
