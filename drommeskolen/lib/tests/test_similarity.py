from drommeskolen.lib.similarity import jaccard, normalise, similarity, stem, suggest_clusters, title_for, tokens


def test_normalise_keeps_norwegian_letters_and_drops_punctuation() -> None:
    assert normalise("Ingen blir UTESTENGT! Æ, ø og å.") == ["ingen", "blir", "utestengt", "æ", "ø", "og", "å"]


def test_stem_strips_common_endings_but_keeps_three_letters() -> None:
    assert stem("vennene") == "venn"
    assert stem("vennskapet") == "vennskap"
    assert stem("trygghet") == "trygg"
    assert stem("hilse") == "hils"
    assert stem("bra") == "bra"


def test_tokens_drop_stop_words() -> None:
    assert tokens("Vi skal være snille mot hverandre") == frozenset({"snill"})


def test_jaccard_of_empty_sets_is_zero() -> None:
    assert jaccard(frozenset(), frozenset({"a"})) == 0.0


def test_similar_answers_score_high_and_different_ones_low() -> None:
    assert similarity("Alle skal bli inkludert", "Inkludere alle") >= 0.5
    assert similarity("Ro i timene", "Mer ro i timen") >= 0.5
    assert similarity("Ro i timene", "Alle skal bli inkludert") == 0.0


def test_suggest_clusters_groups_alike_answers_and_leaves_singletons_out() -> None:
    texts = [
        "Alle skal bli inkludert",
        "Ro i timene",
        "Inkludere alle i friminuttet",
        "Mer ro i timen",
        "Pizza på fredag",
    ]
    assert suggest_clusters(texts) == [[0, 2], [1, 3]]


def test_suggest_clusters_is_transitive() -> None:
    texts = ["hilse på hverandre", "hilse og smile", "smile til alle"]
    assert suggest_clusters(texts, threshold=0.3) == [[0, 1, 2]]


def test_title_is_the_shortest_answer() -> None:
    assert title_for(["Mer ro i timen", "Ro i timene "]) == "Ro i timene"
