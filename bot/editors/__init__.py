"""The editors' review page: what visitors asked and did not get, turned into better answers.

Its own small process (`make editors`, `python -m bot.editors`), not a route of the Rasa
server: the Rasa server faces the public internet and runs read-only, while this page is for
the team running the assistant, writes `data/nlu/reviewed.yml` in a checkout of the project,
and can be kept on an internal address. It reads the editors' records from the database every
Rasa replica writes to (bot/shared/records.py). Off unless `PATHWAY_EDITORS_SECRET` is set.
"""
