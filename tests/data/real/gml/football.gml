Creator "igraph version 0.10.16-926-gbe53d68e0 Fri Aug 29 11:37:51 2025"
Version 1
graph
[
  directed 1
  node
  [
    id 0
    name "Pennsylvania State"
  ]
  node
  [
    id 1
    name "Northwestern"
  ]
  node
  [
    id 2
    name "Ohio State"
  ]
  node
  [
    id 3
    name "Minnesota"
  ]
  node
  [
    id 4
    name "Michigan"
  ]
  node
  [
    id 5
    name "Iowa"
  ]
  node
  [
    id 6
    name "Wisconsin"
  ]
  node
  [
    id 7
    name "Illinois"
  ]
  node
  [
    id 8
    name "Michigan State"
  ]
  node
  [
    id 9
    name "Purdue"
  ]
  node
  [
    id 10
    name "Indiana"
  ]
  edge
  [
    source 0
    target 1
  ]
  edge
  [
    source 0
    target 2
  ]
  edge
  [
    source 0
    target 3
  ]
  edge
  [
    source 0
    target 4
  ]
  edge
  [
    source 0
    target 5
  ]
  edge
  [
    source 0
    target 6
  ]
  edge
  [
    source 0
    target 7
  ]
  edge
  [
    source 1
    target 3
  ]
  edge
  [
    source 1
    target 4
  ]
  edge
  [
    source 1
    target 8
  ]
  edge
  [
    source 1
    target 5
  ]
  edge
  [
    source 1
    target 6
  ]
  edge
  [
    source 2
    target 4
  ]
  edge
  [
    source 2
    target 9
  ]
  edge
  [
    source 2
    target 10
  ]
  edge
  [
    source 2
    target 5
  ]
  edge
  [
    source 8
    target 2
  ]
  edge
  [
    source 8
    target 3
  ]
  edge
  [
    source 8
    target 4
  ]
  edge
  [
    source 8
    target 9
  ]
  edge
  [
    source 8
    target 6
  ]
  edge
  [
    source 7
    target 8
  ]
  edge
  [
    source 7
    target 3
  ]
  edge
  [
    source 7
    target 10
  ]
  edge
  [
    source 7
    target 5
  ]
  edge
  [
    source 7
    target 9
  ]
  edge
  [
    source 7
    target 1
  ]
  edge
  [
    source 7
    target 2
  ]
  edge
  [
    source 10
    target 8
  ]
  edge
  [
    source 10
    target 5
  ]
  edge
  [
    source 10
    target 9
  ]
  edge
  [
    source 10
    target 0
  ]
  edge
  [
    source 10
    target 1
  ]
  edge
  [
    source 6
    target 9
  ]
  edge
  [
    source 6
    target 3
  ]
  edge
  [
    source 6
    target 4
  ]
  edge
  [
    source 6
    target 10
  ]
  edge
  [
    source 6
    target 2
  ]
  edge
  [
    source 4
    target 3
  ]
  edge
  [
    source 4
    target 9
  ]
  edge
  [
    source 4
    target 5
  ]
  edge
  [
    source 5
    target 9
  ]
  edge
  [
    source 5
    target 3
  ]
  edge
  [
    source 9
    target 3
  ]
]
