"""Who a person is, for the rule that a person belongs to one team in the edition."""
import pytest

from registration.domain.people import identities, normal_email, normal_phone, people_refusals, person_key


@pytest.mark.parametrize("typed", ["13800138000", "+86 138 0013 8000", "0086-138-0013-8000",
                                   "86 13800138000", "１３８００１３８０００", "(138) 0013-8000"])
def test_a_mobile_number_typed_any_way_is_one_number(typed):
    assert normal_phone(typed) == "13800138000"


def test_an_address_typed_in_another_case_or_width_is_one_address():
    assert normal_email(" Li.Wei@Example.COM ") == normal_email("ｌｉ.ｗｅｉ@example.com")
    assert normal_email("ｌｉ.ｗｅｉ@example.com") == "li.wei@example.com"


def test_a_representative_needs_a_mobile_or_an_address_and_a_mobile_must_be_one():
    refused = people_refusals([("representatives.0", {"name": "A"}),
                               ("representatives.1", {"name": "B", "phone": "021-6666-8888"}),
                               ("representatives.2", {"name": "C", "email": "c@example.com"})])

    assert refused.codes() == {"representatives.0": ["person-unidentified"],
                               "representatives.1.phone": ["phone-invalid"]}


def test_the_same_person_listed_twice_under_two_names_is_caught_by_the_number():
    refused = people_refusals([("representatives.0", {"name": "Li Wei", "phone": "13800138000"}),
                               ("representatives.1", {"name": "李伟", "phone": "+86 138-0013-8000"})])

    assert refused.codes() == {"representatives.1": ["person-twice"]}


def test_the_contact_who_is_also_a_representative_is_one_identity():
    people = [("contact", {"email": "Li@Example.com"}),
              ("representatives.0", {"name": "Li", "email": "li@example.com", "phone": "13800138000"})]

    assert identities(people) == [("contact.email", "email:li@example.com"),
                                  ("representatives.0.phone", "phone:13800138000")]


def test_a_person_is_kept_as_a_keyed_hash_that_depends_on_the_key():
    one, other = person_key("k1", "phone:13800138000"), person_key("k2", "phone:13800138000")

    assert len(one) == 64 and one != other and "13800138000" not in one
    assert one == person_key("k1", "phone:13800138000")
