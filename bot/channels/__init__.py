"""The project's Rasa channels (web widget, Teams, checked REST). `rasa run` imports this package
for the channels named in credentials.yml, which is also where the server gets the faster
action-response check (bot/faster_action_check.py), the apology when the action server
fails (bot/action_fallback.py), a stop, not a silent in-memory store, when the endpoints'
tracker store type cannot be loaded (bot/stores.py), and an ERROR when logging.yml was given
but its redaction filter is not in place (bot/logs.py)."""

from bot.action_fallback import install as install_action_fallback
from bot.faster_action_check import install
from bot.logs import check_installed as check_log_redaction
from bot.stores import install_strict_loading

install()
install_action_fallback()
install_strict_loading()
check_log_redaction()
