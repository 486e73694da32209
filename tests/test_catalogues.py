"""Every message a user can read has its Chinese: each package's catalogue matches its code.

After adding or changing a message: `python -m contest_contracts.catalogues update`, then
translate the new entries in the package's locale/zh_CN/LC_MESSAGES/messages.po.
"""
import pytest

from contest_contracts.catalogues import PACKAGES, problems


@pytest.mark.parametrize("package", PACKAGES)
def test_every_message_of_a_package_is_translated_and_none_is_stale(package):
    assert problems(package) == []
