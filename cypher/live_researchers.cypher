// Which of these ids are researchers now (a retired id still named by a paper is kept).
UNWIND $ids AS id
MATCH (r:Researcher {id: id})
RETURN id
