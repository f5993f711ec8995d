package breakdown

import "fmt"

// Publication types and MeSH headings come with MEDLINE indexing, so a
// year not yet fully indexed undercounts every typed part and overcounts
// the remainder (PROTOCOL.md §10). The measure: one more count per year,
//
//	(TOPIC) NOT medline[sb]
//
// the topic's records outside MEDLINE. Some of them never enter it
// (PubMed-not-MEDLINE journals, whose records never get MeSH), so the
// share outside MEDLINE has a floor that is not lag. The floor is the
// share in settled years; what a recent year has above it is the share
// not yet indexed. inprocess[sb] alone would miss records still waiting
// as publisher-supplied (publisher[sb]); NOT medline[sb] misses nothing
// and the floor takes the never-indexed out.

// NotIndexedQuery counts the records of topic outside MEDLINE.
func NotIndexedQuery(topic string) string { return "(" + topic + ") NOT medline[sb]" }

// LagThreshold is the share not yet indexed from which a year is flagged:
// below it, the parts are within a couple of percent of their final size.
const LagThreshold = 0.02

// IndexingCounts are one year's counts of a topic and of its records
// outside MEDLINE (NotIndexedQuery), from the same collection.
type IndexingCounts struct {
	Year       int
	Topic      int64
	NotMedline int64
}

// Indexing is how far one year of a topic is indexed.
type Indexing struct {
	Year int
	// Share is the share of the year's records outside MEDLINE.
	Share float64
	// Baseline is the share outside MEDLINE in settled years: records
	// MEDLINE never indexes.
	Baseline float64
	// NotYet estimates the records not yet indexed: those outside MEDLINE
	// beyond the baseline. NotYetShare is their share of the year.
	NotYet      int64
	NotYetShare float64
	// Lagging marks a year whose breakdown is not final: NotYetShare is
	// at least LagThreshold.
	Lagging bool
}

// IndexingLag measures each year's indexing. Years before settledBefore
// are settled (indexing takes months, PROTOCOL.md §6.4: two years before
// the current one is safe) and give the baseline, pooled over their
// records. Without a settled year with records the baseline is 0, so
// every record outside MEDLINE counts as not yet indexed: an upper bound.
func IndexingLag(years []IndexingCounts, settledBefore int) ([]Indexing, error) {
	var settledTopic, settledOut int64
	for _, y := range years {
		if y.Topic < 0 || y.NotMedline < 0 || y.NotMedline > y.Topic {
			return nil, fmt.Errorf("%w: %d has %d records outside MEDLINE of %d", ErrInconsistent, y.Year, y.NotMedline, y.Topic)
		}
		if y.Year < settledBefore {
			settledTopic += y.Topic
			settledOut += y.NotMedline
		}
	}
	var base float64
	if settledTopic > 0 {
		base = float64(settledOut) / float64(settledTopic)
	}
	out := make([]Indexing, len(years))
	for i, y := range years {
		ix := Indexing{Year: y.Year, Baseline: base}
		if y.Topic > 0 {
			ix.Share = float64(y.NotMedline) / float64(y.Topic)
			ix.NotYet = max(0, y.NotMedline-int64(base*float64(y.Topic)+0.5))
			ix.NotYetShare = float64(ix.NotYet) / float64(y.Topic)
		}
		ix.Lagging = y.Year >= settledBefore && ix.NotYetShare >= LagThreshold
		out[i] = ix
	}
	return out, nil
}
