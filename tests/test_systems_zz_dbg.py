from graph.systems import save_system, load_snapshot
from tests.systems_support import rich_snapshot

def test_dbg(clean_graph):
    print(save_system(clean_graph, rich_snapshot()))
    print(clean_graph.read("system_counts", system_id="rich"))
    s = load_snapshot(clean_graph, "rich")
    print(len(s.links), [ (l.source, l.target) for l in s.links])
    print(clean_graph.read("link_count", system_id="rich", source=None, target=None, polarity=None))
