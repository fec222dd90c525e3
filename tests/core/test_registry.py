"""Each app's demo data and upkeep, found with autodiscover_modules."""

from accounts import demo
from core import upkeep
from fitcheck import demo as fitcheck_demo


def test_demo_seeds_run_in_the_order_of_installed_apps():
    # fitcheck's module is imported first here; its seed still runs after the
    # personas it scores contacts against.
    assert fitcheck_demo.seed in demo.registry.discover()
    # An app may register several (feedback: check-ins, then persona validation).
    modules = list(dict.fromkeys(s.__module__ for s in demo.registry.discover()))
    assert modules == [
        "accounts.demo",
        "personas.demo",
        "fitcheck.demo",
        "feedback.demo",
    ]


def test_every_app_with_upkeep_is_found_once():
    runs = upkeep.registry.discover()
    assert len(set(runs)) == len(runs)
    modules = list(dict.fromkeys(run.__module__ for run in runs))
    assert modules == [
        "core.upkeep",
        "audit.upkeep",
        "fitcheck.upkeep",
        "feedback.upkeep",
        "privacy.upkeep",
    ]
