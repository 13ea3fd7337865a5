package harvester

// Unique returns list with only the first of equal strings, in order,
// reusing list's array; nil if it is empty.
func Unique(list []string) []string {
	if len(list) == 0 {
		return nil
	}
	seen := make(map[string]bool, len(list))
	out := list[:0]
	for _, s := range list {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}
