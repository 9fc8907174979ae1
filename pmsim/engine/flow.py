"""Task flow: when a task may start (finish-to-start, or fast-tracked at a share of its
predecessors' work), and what follows when one finishes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pmsim.engine import work

if TYPE_CHECKING:
    from pmsim.engine.simulation import Simulation
    from pmsim.engine.state import TaskState


def open_predecessor_share(sim: Simulation, task: TaskState) -> float:
    """Share of a fast-tracked task's predecessor work still open."""
    preds = [sim.tasks[p] for p in task.spec.predecessors if sim.in_scope(sim.tasks[p])]
    if not preds:
        return 0.0
    return sum(1.0 - p.reported_progress for p in preds) / len(preds)

def fast_track_flaw_share(sim: Simulation, task: TaskState) -> float:
    """Share of a fast-tracked task's work done now that will prove wrong because its
    predecessors are still open: convex in the overlap (Krishnan, Eppinger & Whitney
    1997; Roemer, Ahmadi & Wang 2000), `fast_track_penalty` × (open share / the most
    that may be open when it starts)², so the deepest overlap costs most and the last
    stretch of a predecessor little."""
    model = sim.scenario.model
    deepest = max(1.0 - model.fast_track_threshold, 1e-9)
    overlap = min(1.0, open_predecessor_share(sim, task) / deepest)
    return model.fast_track_penalty * overlap * overlap

def fast_track_waiters(sim: Simulation, task: TaskState) -> bool:
    """Whether a fast-tracked successor waits on this task's progress."""
    return any(
        sim.tasks[s].fast_tracked and sim.tasks[s].status == "waiting"
        for s in sim.successors[task.id]
    )

# ---------------------------------------------------------------- task flow
def predecessors_allow(sim: Simulation, task: TaskState,
                       fast_tracked: bool | None = None) -> bool:
    """Whether a waiting task may start now (or would, if `fast_tracked` were its state)."""
    tracked = task.fast_tracked if fast_tracked is None else fast_tracked
    threshold = sim.scenario.model.fast_track_threshold
    for pid in task.spec.predecessors:
        pred = sim.tasks[pid]
        if pred.status in ("done", "cut", "deferred"):
            continue
        if pred.status == "proposed":
            continue
        if not tracked or pred.status != "active":
            return False
        work.sync(sim, pred)
        if pred.done < threshold * pred.estimate - 1e-9:
            return False
    return True

def check_ready(sim: Simulation, task: TaskState) -> None:
    """Start a waiting in-scope task if its predecessors allow it."""
    if task.status == "waiting" and sim.in_scope(task) and predecessors_allow(sim, task):
        work.start(sim, task)
        sim.version += 1

def check_fast_track(sim: Simulation, task: TaskState) -> None:
    """After a task's progress changed, start fast-tracked successors now allowed."""
    for sid in sim.successors[task.id]:
        succ = sim.tasks[sid]
        if succ.fast_tracked and succ.status == "waiting":
            check_ready(sim, succ)

def complete_task(sim: Simulation, task: TaskState) -> None:
    """A task has finished its work."""
    sim.accrue()
    task.status = "done"
    task.finish_day = sim.day()
    sim.lookups.tasks_changed()
    sim.version += 1
    sim.note("milestone", f"Task '{task.spec.name}' finished.")
    for sid in sim.successors[task.id]:
        check_ready(sim, sim.tasks[sid])
    scope_id = task.spec.scope
    if sim.scope[scope_id].status == "planned" and sim.lookups.scope_done(scope_id):
        sim.scope[scope_id].status = "delivered"
        sim.mood.morale_boost += 0.03
        sim.note("milestone", f"Deliverable '{sim.scope_name(scope_id)}' is complete.")
    sim.touch_all()
