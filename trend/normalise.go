package trend

// PerHundredK is count per 100,000 PubMed records of the same year. It
// reports false when the total is not positive: no share can be computed.
func PerHundredK(count, total int64) (float64, bool) {
	if total <= 0 {
		return 0, false
	}
	return float64(count) * 100_000 / float64(total), true
}
