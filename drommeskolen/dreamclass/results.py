"""What a class decided: the result of a round's dot vote, for the projector and for the
class poster (the classyear app calls `top_goals`)."""

from django.db.models import Count, QuerySet

from drommeskolen.people.models import SchoolClass

from .models import Cluster, Part, Round, RoundStatus


def ranked_clusters(voice_round: Round) -> QuerySet[Cluster]:
    """The round's clusters, most votes first (ties in the leader's order), with `vote_count`."""
    return (
        Cluster.objects.filter(round=voice_round)
        .annotate(vote_count=Count("votes"))
        .order_by("-vote_count", "position", "pk")
    )


def decisive_round(school_class: SchoolClass, kind: str = "dk1") -> Round | None:
    """The round that decided the class's goals in its DK1 or DK2: the latest closed round
    of the part 'agreeing on goals and missions', else the latest closed round."""
    closed = Round.objects.filter(
        session__school_class=school_class, session__kind=kind, status=RoundStatus.CLOSED
    ).order_by("-created_at", "-pk")
    return closed.filter(part=Part.GOALS).first() or closed.first()


def top_goals(school_class: SchoolClass, kind: str = "dk1", limit: int = 3) -> list[str]:
    """The titles of the winning clusters (at least one vote), best first; [] before any vote."""
    voice_round = decisive_round(school_class, kind)
    if voice_round is None:
        return []
    return [c.title for c in ranked_clusters(voice_round)[:limit] if c.vote_count > 0]  # type: ignore[attr-defined]
