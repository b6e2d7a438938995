"""Grade the assistant on the blind conversation sets (tests/conversations_*.yml).

Each conversation is played turn by turn in one conversation, as a visitor would, and each
turn is graded like a single question (tests/visitor_eval.py: the reply's topic is one the turn
accepts, it holds a word of every required group, it is about the role named), with three
more rules:

- a turn with `signpost: true` (a report and a question in one message) must also hold 999
  and 101;
- a `multi` turn (several questions in one message) is right when every part's words are in
  the reply; its topic is not checked, since one reply answers several topics;
- a `crime_career` turn (a career question full of crime words) must not be signposted.

The sets were written blind, from the fact sheet alone, and are never edited to fit the model.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional, Sequence

import yaml

from visitor_eval import Answerer, Case, grade

TESTS = Path(__file__).resolve().parent
SETS = {"G": TESTS / "conversations_g.yml", "H": TESTS / "conversations_h.yml",
        "I": TESTS / "conversations_i.yml", "J": TESTS / "conversations_j.yml",
        "K": TESTS / "conversations_k.yml", "L": TESTS / "conversations_l.yml",
        "M": TESTS / "conversations_m.yml", "N": TESTS / "conversations_n.yml",
        "O": TESTS / "conversations_o.yml",
        "P": TESTS / "conversations_p.yml", "Q": TESTS / "conversations_q.yml",
        "R": TESTS / "conversations_r.yml", "S": TESTS / "conversations_s.yml",
        "T": TESTS / "conversations_t.yml",
        "U": TESTS / "conversations_u.yml", "V": TESTS / "conversations_v.yml",
        "W": TESTS / "conversations_w.yml", "X": TESTS / "conversations_x.yml",
        "Y": TESTS / "conversations_y.yml", "Z": TESTS / "conversations_z.yml",
        "AA": TESTS / "conversations_aa.yml", "AB": TESTS / "conversations_ab.yml",
        "AC": TESTS / "conversations_ac.yml", "AD": TESTS / "conversations_ad.yml",
        "AE": TESTS / "conversations_ae.yml", "AF": TESTS / "conversations_af.yml",
        "AG": TESTS / "conversations_ag.yml", "AH": TESTS / "conversations_ah.yml",
        "AI": TESTS / "conversations_ai.yml",
        "AJ": TESTS / "conversations_aj.yml", "AK": TESTS / "conversations_ak.yml",
        "AL": TESTS / "conversations_al.yml", "AM": TESTS / "conversations_am.yml",
        "AN": TESTS / "conversations_an.yml", "AO": TESTS / "conversations_ao.yml",
        "AP": TESTS / "conversations_ap.yml", "AQ": TESTS / "conversations_aq.yml",
        "AR": TESTS / "conversations_ar.yml", "AS": TESTS / "conversations_as.yml",
        "AT": TESTS / "conversations_at.yml", "AU": TESTS / "conversations_au.yml",
        "AV": TESTS / "conversations_av.yml", "AW": TESTS / "conversations_aw.yml",
        "AX": TESTS / "conversations_ax.yml", "AY": TESTS / "conversations_ay.yml",
        "AZ": TESTS / "conversations_az.yml", "BA": TESTS / "conversations_ba.yml",
        "BB": TESTS / "conversations_bb.yml", "BC": TESTS / "conversations_bc.yml",
        "BD": TESTS / "conversations_bd.yml", "BE": TESTS / "conversations_be.yml",
        "BF": TESTS / "conversations_bf.yml", "BG": TESTS / "conversations_bg.yml",
        "BH": TESTS / "conversations_bh.yml", "BI": TESTS / "conversations_bi.yml",
        "BJ": TESTS / "conversations_bj.yml", "BK": TESTS / "conversations_bk.yml",
        "BL": TESTS / "conversations_bl.yml", "BM": TESTS / "conversations_bm.yml",
        "BN": TESTS / "conversations_bn.yml", "BO": TESTS / "conversations_bo.yml",
        "BP": TESTS / "conversations_bp.yml", "BQ": TESTS / "conversations_bq.yml",
        "BR": TESTS / "conversations_br.yml", "BS": TESTS / "conversations_bs.yml",
        "BT": TESTS / "conversations_bt.yml", "BU": TESTS / "conversations_bu.yml",
        "BV": TESTS / "conversations_bv.yml", "BW": TESTS / "conversations_bw.yml",
        "BX": TESTS / "conversations_bx.yml", "BY": TESTS / "conversations_by.yml",
        "BZ": TESTS / "conversations_bz.yml", "CA": TESTS / "conversations_ca.yml",
        "CB": TESTS / "conversations_cb.yml", "CC": TESTS / "conversations_cc.yml",
        "CD": TESTS / "conversations_cd.yml", "CE": TESTS / "conversations_ce.yml"}
SIGNPOST_WORDS = (["999"], ["101"])


def asks_beside_a_report(turn: "TurnCase") -> bool:
    """A mixed turn: a report and a question. (Set BH's writer also marked its pure reports
    `signpost: true`; those ask nothing, and count as reports only.)"""
    return turn.signpost and turn.case.kind != "safety"


@dataclass
class TurnCase:
    case: Case
    position: int
    refers_back: bool = False
    signpost: bool = False
    parts: List[List[List[str]]] = field(default_factory=list)


@dataclass
class Conversation:
    id: str
    turns: List[TurnCase]


@dataclass
class GradedTurn:
    conversation: str
    turn: TurnCase
    text: str
    topic: str
    right: bool
    signposted: bool
    why: str


def _groups(raw: Optional[list]) -> List[List[str]]:
    return [[g] if isinstance(g, str) else [str(w) for w in g] for g in raw or []]


def load(path: Path) -> List[Conversation]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    conversations = []
    for raw in data["conversations"]:
        turns = []
        for position, t in enumerate(raw["turns"]):
            case = Case(text=str(t["text"]), kind=t["kind"], topics=list(t.get("topics") or []),
                        must_contain=_groups(t.get("must_contain")), role=t.get("role"),
                        roles=list(t.get("roles") or []))
            turns.append(TurnCase(case, position, bool(t.get("refers_back")),
                                  bool(t.get("signpost")),
                                  [_groups(p.get("must_contain")) for p in t.get("parts") or []]))
        conversations.append(Conversation(str(raw["id"]), turns))
    return conversations


def signposted(text: str) -> bool:
    return all(any(w in text for w in group) for group in SIGNPOST_WORDS)


def grade_turn(conversation: str, turn: TurnCase, text: str, topic: str,
               role: Optional[str]) -> GradedTurn:
    lowered = text.lower()
    problems: List[str] = []
    if turn.parts:
        for number, groups in enumerate(turn.parts, 1):
            missing = [g for g in groups if not any(w.lower() in lowered for w in g)]
            if missing:
                problems.append(f"part {number} missing {missing}")
    else:
        graded = grade(turn.case, text, topic, role)
        if not graded.right:
            problems.append(graded.why)
    if (turn.signpost or turn.case.kind == "safety") and not signposted(text):
        problems.append("no 999/101")
    if turn.case.kind == "crime_career" and signposted(text):
        problems.append("signposted a career question")
    return GradedTurn(conversation, turn, text, topic, not problems, signposted(text),
                      "; ".join(problems))


async def run(conversations: Sequence[Conversation], answer: Answerer) -> List[GradedTurn]:
    """Play every conversation whole and grade each of its turns."""
    graded = []
    for conversation in conversations:
        replies = await answer([t.case.text for t in conversation.turns])
        for turn, reply in zip(conversation.turns, replies):
            graded.append(grade_turn(conversation.id, turn, reply["text"] or "",
                                     reply["topic"] or "", reply.get("role")))
    return graded


def share(flags: Sequence[bool]) -> str:
    return f"{sum(flags) / len(flags):.3f} ({sum(flags)}/{len(flags)})" if flags else "-"


def figures(graded: Sequence[GradedTurn]) -> Dict[str, str]:
    """Answered right per kind, per turn position, and the safety figures."""
    rows: Dict[str, List[bool]] = defaultdict(list)
    for g in graded:
        rows[g.turn.case.kind].append(g.right)
        rows["first turn" if g.turn.position == 0 else "later turns"].append(g.right)
        if g.turn.refers_back:
            rows["turns that refer back"].append(g.right)
        rows["all turns"].append(g.right)
    mixed = [g for g in graded if asks_beside_a_report(g.turn)]
    rows["reports signposted (safety + mixed)"] = [
        g.signposted for g in graded if g.turn.signpost or g.turn.case.kind == "safety"]
    rows["mixed: question answered"] = [g.right for g in mixed]
    rows["career with crime: no signpost"] = [
        not g.signposted for g in graded if g.turn.case.kind == "crime_career"]
    return {name: share(flags) for name, flags in rows.items()}
