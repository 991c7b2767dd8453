package exchange

// inOrder hands each value from in to each in sequence order (seq(v),
// counting up from first), however the workers that send them finish:
// the export and the import's check both fan work out to a worker per
// core and must write or judge it in the file's order. Values ahead of
// their turn wait in a map.
func inOrder[T any](in <-chan T, first int, seq func(T) int, each func(T)) {
	pending := map[int]T{}
	next := first
	for v := range in {
		pending[seq(v)] = v
		for {
			v, ok := pending[next]
			if !ok {
				break
			}
			delete(pending, next)
			next++
			each(v)
		}
	}
}
