package timeline

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
)

// Timeline is the content of one download.
type Timeline struct {
	Query string // empty when the file has no "Search query:" line
	Rows  []Row  // oldest year first
}

// Row is one year's count.
type Row struct {
	Year  int
	Count int64
}

// Error is a problem at a line of the file.
type Error struct {
	Line int
	Msg  string
}

func (e *Error) Error() string { return fmt.Sprintf("line %d: %s", e.Line, e.Msg) }

// MaxSize bounds what Parse reads: a real download is a few kilobytes.
const MaxSize = 1 << 20

// Parse reads a timeline CSV.
func Parse(r io.Reader) (Timeline, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxSize+1))
	if err != nil {
		return Timeline{}, err
	}
	if len(data) > MaxSize {
		return Timeline{}, fmt.Errorf("file is larger than %d bytes: not a PubMed timeline", MaxSize)
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")) // a spreadsheet's BOM

	var t Timeline
	seen := make(map[int]int) // year -> line
	header := false
	sc := bufio.NewScanner(bytes.NewReader(data))
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(strings.TrimSuffix(sc.Text(), "\r"))
		if line == "" {
			continue
		}
		if !header {
			if q, ok := queryLine(line); ok && t.Query == "" && len(seen) == 0 {
				t.Query = q
				continue
			}
			if isHeader(line) {
				header = true
				continue
			}
			return Timeline{}, &Error{Line: n, Msg: fmt.Sprintf("want the header Year,Count, found %q", clip(line))}
		}
		row, err := parseRow(line)
		if err != nil {
			return Timeline{}, &Error{Line: n, Msg: err.Error()}
		}
		if prev, dup := seen[row.Year]; dup {
			return Timeline{}, &Error{Line: n, Msg: fmt.Sprintf("year %d appears twice (first at line %d)", row.Year, prev)}
		}
		seen[row.Year] = n
		t.Rows = append(t.Rows, row)
	}
	if err := sc.Err(); err != nil {
		return Timeline{}, err
	}
	if !header {
		return Timeline{}, errors.New("no Year,Count header: not a PubMed timeline download")
	}
	if len(t.Rows) == 0 {
		return Timeline{}, errors.New("no year rows after the header")
	}
	sort.Slice(t.Rows, func(i, j int) bool { return t.Rows[i].Year < t.Rows[j].Year })
	return t, nil
}

// queryLine reads `Search query: …`, plain or CSV-quoted.
func queryLine(line string) (string, bool) {
	if strings.HasPrefix(line, `"`) {
		r := csv.NewReader(strings.NewReader(line))
		r.FieldsPerRecord = -1
		rec, err := r.Read()
		if err != nil || len(rec) == 0 {
			return "", false
		}
		line = rec[0]
	}
	q, ok := strings.CutPrefix(line, "Search query:")
	if !ok {
		return "", false
	}
	q = strings.TrimSpace(q)
	if !strings.HasPrefix(line, `"`) {
		// Unquoted, a trailing separator may remain.
		q = strings.TrimSpace(strings.TrimRight(q, ",;"))
	}
	return q, true
}

func isHeader(line string) bool {
	f := splitRow(line)
	return len(f) == 2 && strings.EqualFold(f[0], "year") && strings.EqualFold(f[1], "count")
}

func splitRow(line string) []string {
	sep := ","
	if !strings.Contains(line, ",") && strings.Contains(line, ";") {
		sep = ";"
	}
	f := strings.Split(line, sep)
	for len(f) > 2 && strings.TrimSpace(f[len(f)-1]) == "" {
		f = f[:len(f)-1] // trailing separators
	}
	for i := range f {
		f[i] = strings.Trim(strings.TrimSpace(f[i]), `"`)
	}
	return f
}

func parseRow(line string) (Row, error) {
	f := splitRow(line)
	if len(f) != 2 {
		return Row{}, fmt.Errorf("want YEAR,COUNT, found %q", clip(line))
	}
	year, err := strconv.Atoi(f[0])
	if err != nil || year < 1800 || year > 2200 {
		return Row{}, fmt.Errorf("%q is not a year", clip(f[0]))
	}
	count, err := strconv.ParseInt(f[1], 10, 64)
	if err != nil || count < 0 {
		return Row{}, fmt.Errorf("count %q for %d is not a whole number", clip(f[1]), year)
	}
	return Row{Year: year, Count: count}, nil
}

func clip(s string) string {
	if len(s) > 60 {
		return s[:60] + "…"
	}
	return s
}
