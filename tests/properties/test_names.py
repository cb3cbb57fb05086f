"""Name mangling is one-to-one and always yields a valid Python identifier."""

import keyword

from hypothesis import given, settings
from hypothesis import strategies as st

from runtime.names import demangle, mangle

SYMBOL_CHARS = st.characters(
    blacklist_categories=("Cs", "Cc", "Zs", "Zl", "Zp"),
    blacklist_characters='()[]{}";\'`,',
)
names = st.text(SYMBOL_CHARS, min_size=1, max_size=12)


@settings(max_examples=2000)
@given(names, names)
def test_mangle_is_one_to_one(first, second):
    if first != second:
        assert mangle(first) != mangle(second)


@settings(max_examples=2000)
@given(names)
def test_mangle_gives_identifier(name):
    result = mangle(name)
    assert result.isidentifier()
    assert not keyword.iskeyword(result)
    assert demangle(result) == name


@settings(max_examples=500)
@given(names, st.integers(min_value=1, max_value=10_000))
def test_compiler_names_are_reserved(name, number):
    assert mangle(name) != f"tmp__{number}"
    assert f"__{number % 10}" not in mangle(name)


def test_examples():
    assert mangle("foo-bar") == "foo_bar"
    assert mangle("foo_bar") == "_foo_us_bar"
    assert mangle("class") == "class_"
    assert mangle("ok?") == "_ok_q_"
    assert mangle("->") == "__d__gt_"
