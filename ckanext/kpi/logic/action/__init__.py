"""Actions of ckanext-kpi, one module per subject, and how their maps are merged for the plugin."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import ckan.plugins.toolkit as tk

Action = Callable[..., Any]


def _chain(first: Action, second: Action) -> Action:
    """One chained action that runs ``first`` around ``second`` around the action it wraps."""

    @tk.chained_action
    def chained(up_func: Action, context: dict[str, Any], data_dict: dict[str, Any]) -> Any:
        return first(lambda ctx, data: second(up_func, ctx, data), context, data_dict)

    chained.__name__ = getattr(second, "__name__", "chained")
    chained.__doc__ = getattr(second, "__doc__", None)
    return chained


def merge_action_maps(*maps: Mapping[str, Action]) -> dict[str, Action]:
    """Merge the action maps of several modules. A plugin registers one function per action name, so two
    modules that both chain a core action (e.g. package_update) are composed into one chain instead of the
    second silently replacing the first; two plain actions with one name are a programming error."""
    merged: dict[str, Action] = {}
    for actions in maps:
        for name, action in actions.items():
            if name not in merged:
                merged[name] = action
            elif getattr(action, "chained_action", False) and getattr(merged[name], "chained_action", False):
                merged[name] = _chain(merged[name], action)
            else:
                raise ValueError(f"two ckanext-kpi actions are named {name!r}")
    return merged
