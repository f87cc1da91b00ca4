"""The password policy (NIST SP 800-63B): a minimum length, no password that attackers try
first in any of the six UN languages' scripts, no composition rules, no forced periodic change."""

import pytest
from django.conf import settings
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.validators import (
    DEFAULT_PASSWORD_LIST_PATH,
    MultilingualCommonPasswordValidator,
    load_password_list,
    normalise,
)
from tests.factories import UserFactory

MESSAGE = "This password is too common: it is among the passwords tried first by attackers, in any language."

REFUSED = [
    # Cyrillic: listed words, any case, digits or symbols around them, the wrong keyboard layout
    "пароль",
    "ПАРОЛЬ",
    "пароль12345",
    "Пароль2024!",
    "2024пароль",
    "солнышко!!",
    "котёнок2020",
    "котенок2020",
    "я люблю тебя",
    "gfhjkm123",
    # Arabic: with and without spaces, hamza, tatweel, Arabic-Indic digits
    "كلمة المرور",
    "كلمةالمرور123",
    "أحبك2024",
    "احبك2024",
    "حبيبي!!!",
    "حبيـــبي١٢٣٤",
    "مرحبا12345",
    "الله أكبر",
    # Chinese characters, traditional and simplified, full-width digits, pinyin, number codes
    "密码",
    "密码123456",
    "密碼２０２４",
    "我爱你1314",
    "woaini1314",
    "aini1314!",
    "5201314!",
    # Latin script with accents, accents left out, capitals
    "Contraseña2024",
    "contrasena2024",
    "CONTRASEÑA!",
    "teamo123!",
    "TeQuiero!!",
    "Mot de passe 2024",
    "jetaime!!!",
    "soleil2024",
    "Printemps2025!",
    # The organisation this system serves
    "unodc2024!",
    "UNCAC12345",
    "Vienna2024!",
    "Wien12345",
    "reviewmech1",
]

KEYBOARD_AND_REPEATS = [
    "йцукенгшщз",
    "ЙЦУКЕНГШЩЗХЪ",
    "фывапролджэ",
    "ضصثقفغعهخح",
    "1234567890",
    "0987654321",
    "０１２３４５６７８９",
    "qwertyuiop",
    "azertyuiop",
    "qwertzuiop",
    "asdfghjkl!",
    "abcdefghij",
    "абвгдеёжзи",
    "一二三四五六七八九十",
    "аааааааааааа",
    "ااااااااااا",
    "哈哈哈哈哈哈哈哈哈哈",
    "zzzzzzzzzz",
    "!!!!!!!!!!",
    "zzzz2024",
    "qwerty123!",
    "123123123123",
    "woainiwoaini",
]

STRONG = [
    "зелёный слон читает газету",
    "мой пароль — зелёный слон",  # a listed word inside a phrase is fine
    "قطة زرقاء تشرب القهوة ببطء",
    "蓝色大象在图书馆里唱歌",
    "jirafa naranja bebe café tranquila",
    "girafe orange boit du café lentement",
    "correct horse battery staple",
    "aaaa7391028465",
    "qwer83019283",
]


@pytest.fixture
def validator():
    return MultilingualCommonPasswordValidator()


@pytest.mark.parametrize("password", REFUSED)
def test_common_passwords_are_refused_in_every_script(validator, password):
    with pytest.raises(ValidationError) as refused:
        validator.validate(password)
    assert refused.value.code == "password_too_common"
    assert refused.value.messages == [MESSAGE]


@pytest.mark.parametrize("password", KEYBOARD_AND_REPEATS)
def test_keyboard_rows_and_repeated_characters_are_refused(validator, password):
    with pytest.raises(ValidationError) as refused:
        validator.validate(password)
    assert refused.value.code == "password_too_common"


@pytest.mark.parametrize("password", STRONG)
def test_strong_passphrases_are_accepted_by_the_whole_policy(password):
    validator = MultilingualCommonPasswordValidator()
    assert validator.validate(password) is None
    assert password_validation.validate_password(password) is None


def test_a_long_number_that_merely_contains_a_sequence_is_not_a_sequence(validator):
    validator.validate("1987!1234#056")  # NumericPasswordValidator is for all-digit ones


def test_normalisation():
    assert normalise(" Contraseña ") == normalise("CONTRASENA") == "contrasena"
    assert normalise("أحمد") == normalise("احمد")
    assert normalise("حبيـــبي") == normalise("حبيبي")
    assert normalise("котёнок") == normalise("котенок")
    assert normalise("ｐａｓｓ　１２３") == "pass123"
    assert normalise("٢٠٢٤") == "2024"


def test_the_list_covers_every_script_and_is_loaded_once():
    text = DEFAULT_PASSWORD_LIST_PATH.read_text(encoding="utf-8")
    assert text.startswith("# Common passwords")
    entries = load_password_list()
    assert len(entries) >= 300
    assert load_password_list() is entries
    assert MultilingualCommonPasswordValidator().passwords is entries
    for word in ("пароль", "كلمةالمرور", "密码", "contrasena", "motdepasse", "unodc", "wien"):
        assert normalise(word) in entries


def test_another_list_through_options(tmp_path):
    other = tmp_path / "list.txt"
    other.write_text("# test\nzebrastripes\n", encoding="utf-8")
    validator = MultilingualCommonPasswordValidator(password_list_path=other)
    with pytest.raises(ValidationError):
        validator.validate("ZebraStripes2024")
    validator.validate("пароль слона")


def test_help_text():
    assert "commonly used password" in MultilingualCommonPasswordValidator().get_help_text()


def test_validate_password_uses_it_through_settings():
    names = [type(v).__name__ for v in password_validation.get_default_password_validators()]
    assert names.index("MultilingualCommonPasswordValidator") == names.index("CommonPasswordValidator") + 1
    with pytest.raises(ValidationError) as refused:
        password_validation.validate_password("contraseña2024!")
    assert [error.code for error in refused.value.error_list] == ["password_too_common"]
    assert MESSAGE in refused.value.messages
    assert (
        "commonly used password or phrase in any language" in password_validation.password_validators_help_text_html()
    )


def test_no_forced_periodic_change():
    """NIST SP 800-63B 5.1.1.2: no periodic change; a change only on evidence of compromise."""
    words = ("EXPIR", "MAX_AGE", "ROTAT", "LIFETIME", "CHANGE_DAYS", "CHANGE_INTERVAL")
    expiry = [name for name in dir(settings) if "PASSWORD" in name and any(word in name for word in words)]
    assert expiry == []
    for module in [*settings.INSTALLED_APPS, *settings.MIDDLEWARE]:
        assert "expir" not in module.lower(), module
    # Nor composition rules: a lower-case phrase without digits or symbols is a good password.
    password_validation.validate_password("lentement la girafe orange traverse")


@pytest.mark.usefixtures("reference_data")
def test_password_change_form_refuses_a_common_password(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": "correct horse battery",
            "new_password1": "пароль12345",
            "new_password2": "пароль12345",
        },
    )
    assert response.status_code == 200
    assert MESSAGE in response.content.decode()
    user.refresh_from_db()
    assert user.check_password("correct horse battery")
    assert not user.check_password("пароль12345")
    client.logout()
    response = client.post(reverse("accounts:login"), {"username": user.username, "password": "correct horse battery"})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)
