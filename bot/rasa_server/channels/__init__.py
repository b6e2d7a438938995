"""The project's Rasa channels (web widget, Teams, checked REST). `rasa run` imports this package
for the channels named in credentials.yml. The launch paths install the project's Rasa patches
themselves (bot/rasa_server/patches.py); installing them here too keeps a plain `rasa run
--credentials credentials.yml` patched, and refuses to serve on another Rasa version."""

from bot.rasa_server.patches import install

install()
