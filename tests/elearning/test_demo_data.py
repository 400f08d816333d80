import pytest
from django.core.management import call_command

from accounts.models import User

pytestmark = pytest.mark.django_db


def test_demo_data_loads_one_account_per_role_and_loading_again_changes_nothing(capsys):
    call_command("load_demo_data")
    first = capsys.readouterr().out
    users = User.objects.count()

    call_command("load_demo_data")

    assert User.objects.count() == users
    for email in ("redacteur@", "coordinator@", "medewerker@", "docent@"):
        assert email in first
    assert "(exists)" in capsys.readouterr().out
