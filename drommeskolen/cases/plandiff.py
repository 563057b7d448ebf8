"""Differences between two versions of an activity plan. Pure Python, no Django.

A version is compared as a snapshot: its fields as (label, text) pairs and its measures,
each with a lineage key that a measure keeps when a revision copies it. So a measure is
*added* (new key), *removed* (key gone) or *changed* (same key, some field differs).
"""

from dataclasses import dataclass
from typing import Literal

Pair = tuple[str, str]


@dataclass(frozen=True)
class MeasureSnapshot:
    key: str
    title: str
    fields: tuple[Pair, ...]


@dataclass(frozen=True)
class VersionSnapshot:
    fields: tuple[Pair, ...]
    measures: tuple[MeasureSnapshot, ...]


@dataclass(frozen=True)
class FieldChange:
    label: str
    old: str
    new: str


@dataclass(frozen=True)
class MeasureChange:
    kind: Literal["added", "removed", "changed"]
    title: str
    changes: tuple[FieldChange, ...] = ()


@dataclass(frozen=True)
class PlanDiff:
    fields: tuple[FieldChange, ...]
    measures: tuple[MeasureChange, ...]

    @property
    def is_empty(self) -> bool:
        return not self.fields and not self.measures


def diff_fields(old: tuple[Pair, ...], new: tuple[Pair, ...]) -> tuple[FieldChange, ...]:
    """Changed fields, in the new version's order; a field only in one side counts as empty."""
    before = dict(old)
    labels = [label for label, _ in new] + [label for label, _ in old if label not in dict(new)]
    after = dict(new)
    return tuple(
        FieldChange(label, before.get(label, ""), after.get(label, ""))
        for label in labels
        if before.get(label, "") != after.get(label, "")
    )


def diff_versions(old: VersionSnapshot, new: VersionSnapshot) -> PlanDiff:
    old_measures = {m.key: m for m in old.measures}
    new_keys = {m.key for m in new.measures}
    measures: list[MeasureChange] = []
    for measure in new.measures:
        before = old_measures.get(measure.key)
        if before is None:
            measures.append(MeasureChange("added", measure.title))
            continue
        changes = diff_fields(before.fields, measure.fields)
        if changes:
            measures.append(MeasureChange("changed", measure.title, changes))
    measures += [MeasureChange("removed", m.title) for m in old.measures if m.key not in new_keys]
    return PlanDiff(diff_fields(old.fields, new.fields), tuple(measures))
