"""Regressions found by the attack suite (bench/attack): each hostile input that once gave a
traceback, an internal error, a hang or a leftover file, held to the contract: exit 2, one
line naming the file (or field) and the fix, nothing left behind. Each test takes a second
or two at most."""

from __future__ import annotations

import pytest

from treatykit.errors import InputError
from treatykit.yamlfile import parse_yaml

DEAL = """\
template: bit
stance: balanced
parties:
  - {role: host, name: the Republic of Testland, short: Testland}
  - {role: partner, name: the Kingdom of Examplia, short: Examplia}
"""


# --- YAML -------------------------------------------------------------------------------------

@pytest.mark.parametrize("number, digits", [
    ("0x" + "f" * 5000, "5,000"),
    ("-0x" + "f" * 40, "40"),
    ("0b" + "1" * 4000, "4,000"),
])
def test_hexadecimal_and_binary_numbers_count_their_digits(number, digits):
    # a hexadecimal number has no decimal digits after its 0: it once passed the digit
    # limit and became a number too long to print (an internal error)
    with pytest.raises(InputError, match=rf"d.yaml:1: the number of digits in a whole number "
                                         rf"is {digits}, over the limit of 30 digits"):
        parse_yaml(f"n: {number}\n", source="d.yaml")


def test_a_short_hexadecimal_number_still_loads():
    assert parse_yaml("n: 0xff\n", source="d.yaml")["n"] == 255


@pytest.mark.parametrize("key, shown", [("1", "1"), ("~", "None"), ("yes", "True"),
                                        ("2.5", "2.5")])
def test_a_provision_key_that_is_not_text_is_named(invoke, write_deal, key, shown):
    deal = write_deal(DEAL + f"provisions:\n  {key}: omit\n")
    code, out, err = invoke("draft", str(deal))
    assert code == 2 and out == ""
    assert err.startswith(f"treatykit: error: {deal}:7: unknown provision '{shown}'"), err
    assert err.count("\n") == 1
