"""Actor–event–actor records from Arabic news sentences, typed by the cue lexicon in
sahel/data/event_cues.tsv (categories after CAMEO and PLOVER). Cues are matched on normalized
words through their proclitics; actors are the gazetteer mentions of the same sentence.
Rules and lexicon format: docs/events.md.

The package's modules, from the bottom up: `tokens` (a sentence as words and clauses),
`lexicon` (cues and their file format), `actors` (which mentions can act), `roles` (who fills
the slots of one cue), `stories` (which events tell the same deed) and `table` (events of a
sentence, a document and a corpus)."""

from sahel.extract.events.lexicon import EVENT_TYPES, SYMMETRIC, Cue, CueError, CueLexicon, Slot
from sahel.extract.events.stories import STORY_WINDOW_DAYS, assign_stories, story_ids
from sahel.extract.events.table import COLUMNS, Event, events_table, extract_events
from sahel.text.actors import ACTOR_TYPES, PLACE_TYPES

__all__ = [
    "ACTOR_TYPES", "COLUMNS", "EVENT_TYPES", "PLACE_TYPES", "SYMMETRIC", "Cue", "CueError",
    "CueLexicon", "Event", "STORY_WINDOW_DAYS", "Slot", "assign_stories", "events_table",
    "extract_events", "story_ids",
]  # fmt: skip
