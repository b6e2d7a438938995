"""Role and programme names in a message, misspelt ones included ("intel superviser",
"profesionalisation"), mapped to their content ids.

Names come from the content (role names and synonyms, topic aliases), so editors add a name in
one place. Rasa's lookup-table extractor finds the exact ones; this also finds near misses.
"""

from __future__ import annotations

from typing import Dict, List, Optional, Tuple

from bot.shared.content import Content
from bot.shared.words import built_once, similar, tokens

#: How close a misspelt name must be (difflib ratio); chosen on the visitor set (bench/nlu.py).
CUTOFF = 0.8


class NameFinder:
    def __init__(self, names: Dict[str, str]) -> None:
        self.names: Dict[Tuple[str, ...], str] = {}
        for name, owner in names.items():
            key = tuple(tokens(name))
            if key:
                self.names[key] = owner
        self.longest = max((len(k) for k in self.names), default=1)

    def find(self, text: str) -> List[str]:
        """Ids named in `text`, in the order they appear, each once; longer names first."""
        words = tokens(text)
        found: List[Tuple[int, str]] = []
        used = [False] * len(words)
        for size in range(self.longest, 0, -1):
            for start in range(len(words) - size + 1):
                if any(used[start:start + size]):
                    continue
                owner = self._match(tuple(words[start:start + size]))
                if owner is not None:  # "" names no role ("police officer"), and hides its words
                    found.append((start, owner))
                    used[start:start + size] = [True] * size
        ordered: List[str] = []
        for _, owner in sorted(found):
            if owner and owner not in ordered:
                ordered.append(owner)
        return ordered

    def _match(self, gram: Tuple[str, ...]) -> Optional[str]:
        if gram in self.names:
            return self.names[gram]
        if gram[-1].endswith("s") and gram[:-1] + (gram[-1][:-1],) in self.names:
            return self.names[gram[:-1] + (gram[-1][:-1],)]
        for key, owner in self.names.items():
            if len(key) == len(gram) and all(similar(w, k, CUTOFF) for w, k in zip(gram, key)):
                if any(len(k) >= 5 and w != k for w, k in zip(gram, key)):
                    return owner
        return None


def _role_finder(content: Content) -> NameFinder:
    """Role names, and the last word of one said as a job ("the officer one", "that
    researcher job"): said so, it is the intelligence role, with no other role in the talk."""
    as_a_job = {f"{role.name.lower().split()[-1]} {noun}": role_id
                for role_id, role in content.roles.items() for noun in JOB_NOUNS}
    by_work = {f"{word} {noun}": role_id for role_id, role in content.roles.items()
               for word in role.work for noun in ("one", "role")}  # "the research one"
    not_roles = {f"{name} {noun}": "" for name in NOT_ROLES for noun in ("", *JOB_NOUNS)}
    return NameFinder({**as_a_job, **by_work, **content.role_names(), **not_roles})


JOB_NOUNS = ("one", "job", "role", "post", "position")


def _bare_role_finder(content: Content) -> NameFinder:
    bare = {role.name.lower().split()[-1]: role_id for role_id, role in content.roles.items()}
    return NameFinder({**bare, **content.role_names(), **{n: "" for n in NOT_ROLES}})


#: Names that end like a role's but are not an intelligence role.
NOT_ROLES = ("police officer", "response officer", "firearms officer", "traffic officer",
             "custody officer", "prison officer", "probation officer", "fire officer",
             "army officer", "an officer of")


def _programme_finder(content: Content) -> NameFinder:
    return NameFinder({alias.lower(): topic_id for topic_id, topic in content.topics.items()
                       for alias in topic.aliases})


_roles = built_once(_role_finder)
_programmes = built_once(_programme_finder)
_bare_roles = built_once(_bare_role_finder)


def roles_in(content: Content, text: str, bare: bool = False) -> List[str]:
    """Role ids named in `text` ("analyst vs superviser" -> analyst, supervisor). With
    `bare`, also the last word of a role's name alone ("the officer"), which only means the
    intelligence role when roles are already being talked about."""
    return (_bare_roles if bare else _roles)(content).find(text)


def programmes_in(content: Content, text: str) -> List[str]:
    """Topic ids named by their aliases in `text` ("profesionalisation" -> ipp)."""
    return _programmes(content).find(text)
