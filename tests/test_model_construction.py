"""Model objects are built by a generated __init__ that stores into the instance dict (fast); it must
behave exactly as the dataclass's own: same parameters, defaults, factories, and still frozen."""

from __future__ import annotations

import dataclasses
import inspect
from typing import Any

import pytest

from auditor import model
from auditor.findings import Finding

# Each class under its own name: a module-level loop variable (model's `_cls`) names one of them too,
# a different one in each process, and xdist workers must collect the same tests.
CLASSES = [
    *(
        c
        for name, c in vars(model).items()
        if isinstance(c, type)
        and dataclasses.is_dataclass(c)
        and c.__module__ == model.__name__
        and name == c.__name__
    ),
    Finding,
]


def _sample(f: dataclasses.Field[Any]) -> object:
    return f"value of {f.name}"


@pytest.mark.parametrize("cls", CLASSES, ids=[c.__name__ for c in CLASSES])
def test_generated_init_matches_the_fields(cls: type) -> None:
    init = vars(cls)["__init__"]
    assert init.__qualname__ == f"{cls.__qualname__}.__init__"
    assert "__dict__" in init.__code__.co_names  # the generated one, not the dataclass's
    fields = [f for f in dataclasses.fields(cls) if f.init]
    params = list(inspect.signature(init).parameters.values())[1:]
    expected_order = [f.name for f in fields if not f.kw_only] + [f.name for f in fields if f.kw_only]
    assert [p.name for p in params] == expected_order
    for p in params:
        f = next(f for f in fields if f.name == p.name)
        assert (p.kind is inspect.Parameter.KEYWORD_ONLY) == f.kw_only
        assert (p.default is inspect.Parameter.empty) == (
            f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
        )
    required = {f.name: _sample(f) for f in fields if p_required(f)}
    obj = cls(**required)
    for f in dataclasses.fields(cls):
        got = getattr(obj, f.name)
        if f.name in required:
            assert got == required[f.name]
        elif f.default is not dataclasses.MISSING:
            assert got == f.default
        else:
            factory: Any = f.default_factory
            assert got == factory()
    every = {f.name: _sample(f) for f in fields}
    full = cls(**every)
    assert all(getattr(full, name) == value for name, value in every.items())
    assert full == cls(**every) and repr(full) == repr(cls(**every))
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(full, fields[0].name, "changed")


def p_required(f: dataclasses.Field[Any]) -> bool:
    return f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING


def test_factories_give_each_object_its_own_value() -> None:
    a, b = model.Relation(schema="s", name="a"), model.Relation(schema="s", name="b")
    assert a.columns == b.columns == model.FrozenMap()
    assert dataclasses.replace(a, name="c").name == "c"
