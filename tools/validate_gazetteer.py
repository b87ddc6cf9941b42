"""Checks the default gazetteer's data beyond what the loader refuses.

    python tools/validate_gazetteer.py [FOLDER]     # exit 1 and one line per problem

The loader (sahel.text.gazetteer) already refuses bad ids, Wikidata ids not of the form Q<digits>,
bad or reversed role dates, coordinates out of range, words the core's scanner splits, and an
alias that two entities could both match. This script adds what concerns the data as a whole:
- every alias compiles: the core's Matcher is built from the files;
- a role's `of` is a country, territory, organization, alliance or armed group, and no role
  starts in the future;
- a Wikidata id is used by one entity only;
- a `reject_word` (a written word that is not its alias read through a proclitic) is one the
  alias would match without the rule: a word it never matches is a dead rule;
- a role title of a state, a body or an armed group is one that role phrases can name
  (`sahel.text.roles`) or is listed in OTHER_TITLES.
"""

from __future__ import annotations

import sys
from collections import Counter
from datetime import date

# A role is held in a state or a body (the Kremlin stands for the presidential administration).
ROLE_HOLDERS = {
    "country", "territory", "organization", "alliance", "armed_group", "mission", "facility",
}  # fmt: skip


# Role titles of the data that no role phrase names (offices with a name of their own).
OTHER_TITLES = {
    "senator", "speaker", "ambassador_to_un", "high_commissioner", "executive_director",
    "commissioner_general", "emergency_relief_coordinator", "special_envoy",
    "commander", "vice_president", "minister_of_interior", "spokesperson", "head_of_intelligence",
    "ambassador_to_niger", "deputy_minister_of_defence", "deputy_foreign_minister",
    "assistant_secretary_of_state_for_african_affairs", "under_secretary_of_state",
}  # fmt: skip


def problems(folder: str | None = None) -> list[str]:
    from sahel import Gazetteer, Matcher
    from sahel.text.roles import known_titles

    g = Gazetteer.load(folder) if folder else Gazetteer.default()
    Matcher(g)  # every alias and rule compiles in the core
    found = []
    titles = known_titles() | OTHER_TITLES
    rejected = Matcher(g, keep_rejected=True)
    for rule in g.context_rules():
        if rule.side == "word" and not any(
            m.entity_id == rule.entity_id and m.confidence == 0.0 for m in rejected.find(rule.word)
        ):
            found.append(
                f"{rule.entity_id}: reject_word {rule.word!r} is no reading of {rule.alias!r}"
            )
    today = date.today()
    qids = Counter(e.qid for e in g.entities.values() if e.qid)
    for entity in g.entities.values():
        where = g.where(entity.id)
        if entity.qid and qids[entity.qid] > 1:
            found.append(f"{where}: {entity.id}: Wikidata id {entity.qid} used by another entity")
        for role in entity.roles:
            if role.of is not None and g[role.of].type not in ROLE_HOLDERS:
                found.append(f"{where}: {entity.id}: role {role.title} of a {g[role.of].type}")
            if role.of is not None and role.title not in titles:
                found.append(
                    f"{where}: {entity.id}: role title {role.title} is named by no role phrase "
                    "(sahel.text.roles) and not listed in OTHER_TITLES"
                )
            if role.start is not None and role.start > today:
                found.append(f"{where}: {entity.id}: role {role.title} starts in the future")
    return found


def main(argv: list[str]) -> int:
    found = problems(argv[1] if len(argv) > 1 else None)
    for line in found:
        print(line)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
