import pytest

from avalon_nuke.errors import InputError
from avalon_nuke.names import validate_name


@pytest.mark.parametrize("value", ["sh010", "beauty_v2", "A", "_", "x" * 64, "Comp_Main_01"])
def test_accepts_letters_digits_and_underscore(value):
    assert validate_name("asset", value) == value


@pytest.mark.parametrize(
    "value",
    ["my shot", "..", "a/b", "a\\b", "a.b", "shot-10", "café", "ｓｈ010", "sh010\n", "", "x" * 65],
)
def test_rejects_everything_else(value):
    with pytest.raises(InputError):
        validate_name("subset", value)


def test_message_is_one_line_naming_kind_and_value():
    with pytest.raises(InputError) as caught:
        validate_name("subset", "my shot")
    assert str(caught.value) == "invalid subset name 'my shot': use letters, digits and _ only"


def test_messages_stay_on_one_line_for_hostile_input():
    for bad in ["a\nb", "x" * 500, "\r\n"]:
        with pytest.raises(InputError) as caught:
            validate_name("asset", bad)
        message = str(caught.value)
        assert "\n" not in message and "\r" not in message
        assert len(message) < 200


def test_too_long_says_the_limit():
    with pytest.raises(InputError, match="at most 64"):
        validate_name("project", "p" * 65)


def test_empty_and_non_text_are_explained():
    with pytest.raises(InputError, match="must not be empty"):
        validate_name("family", "")
    with pytest.raises(InputError, match="expected text"):
        validate_name("family", None)
