"""The password rules (settings.AUTH_PASSWORD_VALIDATORS), every message in Chinese: Django's
own four (length, like the username, common, all digits; Django's Chinese catalogue lags its
messages), several kinds of character, and nothing from the person's own record."""

import re

from django.contrib.auth import password_validation as django_rules
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class MinimumLengthValidator(django_rules.MinimumLengthValidator):
    def get_error_message(self):
        return _("密码长度太短,至少 %d 位。") % self.min_length

    def get_help_text(self):
        return _("至少 %d 位。") % self.min_length


class UserAttributeSimilarityValidator(django_rules.UserAttributeSimilarityValidator):
    def get_error_message(self):
        return _("密码与用户名或姓名太相似。")

    def get_help_text(self):
        return _("不能与用户名或姓名相似。")


class CommonPasswordValidator(django_rules.CommonPasswordValidator):
    def get_error_message(self):
        return _("这个密码太常见,容易被猜中。")

    def get_help_text(self):
        return _("不能是常见密码。")


class NumericPasswordValidator(django_rules.NumericPasswordValidator):
    def get_error_message(self):
        return _("密码只包含数字。")

    def get_help_text(self):
        return _("不能全是数字。")


CLASSES = (
    (re.compile(r"[a-z]"), "lower"),
    (re.compile(r"[A-Z]"), "upper"),
    (re.compile(r"[0-9]"), "digit"),
    (re.compile(r"[^a-zA-Z0-9]"), "symbol"),
)


class CharacterClassesValidator:
    """At least `min_classes` of: lower-case letters, capitals, digits, symbols."""

    def __init__(self, min_classes: int = 3):
        self.min_classes = min_classes

    def validate(self, password, user=None):
        found = sum(1 for pattern, _name in CLASSES if pattern.search(password or ""))
        if found < self.min_classes:
            raise ValidationError(
                _("密码须包含小写字母、大写字母、数字、符号中的至少 %(n)d 种。")
                % {"n": self.min_classes},
                code="password_too_simple",
            )

    def get_help_text(self):
        return _("密码须包含小写字母、大写字母、数字、符号中的至少 %(n)d 种。") % {
            "n": self.min_classes
        }


class PersonalDataValidator:
    """Not the person's 工号, mobile, birth date or the end of their ID number: the first things
    anyone who knows them would try."""

    def validate(self, password, user=None):
        person = getattr(user, "person", None) if user is not None else None
        if person is None:
            return
        lowered = (password or "").lower()
        pieces = [person.employee_no, person.mobile, person.id_number[-6:]]
        if person.birth_date:
            pieces += [person.birth_date.strftime("%Y%m%d"), person.birth_date.strftime("%m%d%Y")]
        for piece in pieces:
            if piece and len(piece) >= 4 and piece.lower() in lowered:
                raise ValidationError(
                    _("密码不能包含您的工号、手机号、生日或身份证号。"), code="password_personal"
                )

    def get_help_text(self):
        return _("密码不能包含您的工号、手机号、生日或身份证号。")
