// Scales by id: properties and how many learning cycles run at each.
UNWIND $ids AS wanted
MATCH (s:Scale {id: wanted})
RETURN s {.*, cycles: COUNT { (s)<-[:AT_SCALE]-(:LearningCycle) }} AS item
