package report

import (
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"text/tabwriter"
	"unicode/utf8"

	"golang.org/x/text/language"
	"golang.org/x/text/message"
)

// Format is an output format of a table.
type Format string

// The formats of compare and export.
const (
	Table    Format = "table"
	Markdown Format = "markdown"
	CSV      Format = "csv"
	JSON     Format = "json"
)

// ParseFormat reads a --format value, accepting only the formats given.
func ParseFormat(s string, allowed ...Format) (Format, error) {
	var names []string
	for _, f := range allowed {
		if string(f) == s {
			return f, nil
		}
		names = append(names, string(f))
	}
	return "", fmt.Errorf("--format %q: want %s", s, orList(names))
}

func orList(names []string) string {
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}

var printer = message.NewPrinter(language.English)

// Int writes a count for people: 12,345.
func Int(v int64) string { return printer.Sprintf("%d", v) }

// Float writes v for people with the given decimals: 1,234.5.
func Float(v float64, decimals int) string { return printer.Sprintf("%.*f", decimals, v) }

// Percent writes a change: +12.5%, -3.0%.
func Percent(v float64) string {
	s := printer.Sprintf("%.1f%%", v*100)
	if v > 0 {
		s = "+" + s
	}
	return s
}

// YearRanges writes years as "2015-2018, 2021".
func YearRanges(ys []int) string {
	ys = append([]int(nil), ys...)
	sort.Ints(ys)
	var parts []string
	for i := 0; i < len(ys); {
		j := i
		for j+1 < len(ys) && ys[j+1] == ys[j]+1 {
			j++
		}
		if j > i {
			parts = append(parts, fmt.Sprintf("%d-%d", ys[i], ys[j]))
		} else {
			parts = append(parts, fmt.Sprint(ys[i]))
		}
		i = j + 1
	}
	return strings.Join(parts, ", ")
}

// Printable escapes control characters (terminal escape sequences among
// them) so that text from a query or from the network cannot drive the
// terminal it is printed on. Other text is unchanged.
func Printable(s string) string {
	if !strings.ContainsFunc(s, isControl) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if isControl(r) {
			q := strconv.QuoteRune(r)
			b.WriteString(q[1 : len(q)-1])
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

func isControl(r rune) bool { return r < 0x20 || (r >= 0x7f && r < 0xa0) }

// textTable collects rows and writes them aligned for a terminal or as a
// Markdown table. Every cell is made printable.
type textTable struct {
	rows [][]string
}

func (t *textTable) add(cells ...string) { t.rows = append(t.rows, cells) }

func (t *textTable) write(w io.Writer, markdown bool) error {
	if markdown {
		for i, r := range t.rows {
			if _, err := fmt.Fprintf(w, "| %s |\n", strings.Join(escapeMarkdown(r), " | ")); err != nil {
				return err
			}
			if i == 0 {
				seps := make([]string, len(r))
				seps[0] = "---"
				for j := 1; j < len(r); j++ {
					seps[j] = "---:"
				}
				fmt.Fprintf(w, "| %s |\n", strings.Join(seps, " | "))
			}
		}
		return nil
	}
	// Numbers align right; the first column, labels, aligns left: pad it
	// to one width so that right-aligning it changes nothing.
	first := 0
	for _, r := range t.rows {
		first = max(first, utf8.RuneCountInString(Printable(r[0])))
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', tabwriter.AlignRight)
	for _, r := range t.rows {
		label := Printable(r[0])
		label += strings.Repeat(" ", first-utf8.RuneCountInString(label))
		cells := []string{label}
		for _, c := range r[1:] {
			cells = append(cells, Printable(c))
		}
		fmt.Fprintln(tw, strings.Join(cells, "\t")+"\t")
	}
	return tw.Flush()
}

// markdownCell escapes what would change a Markdown table: a pipe ends the
// cell, and <…> would be read as HTML by most renderers (a query with
// "<script>" in it must stay text).
var markdownCell = strings.NewReplacer("|", `\|`, "<", "&lt;", ">", "&gt;", "&", "&amp;")

func escapeMarkdown(cells []string) []string {
	out := make([]string, len(cells))
	for i, c := range cells {
		out[i] = markdownCell.Replace(Printable(c))
	}
	return out
}

// writeNotes writes the lines under a table; in Markdown, each ends with a
// hard line break and asterisks are escaped.
func writeNotes(w io.Writer, notes []string, markdown bool) error {
	fmt.Fprintln(w)
	for _, n := range notes {
		n = Printable(n)
		var err error
		if markdown {
			n = strings.ReplaceAll(markdownCell.Replace(n), "*", `\*`)
			_, err = fmt.Fprintf(w, "%s  \n", n)
		} else {
			_, err = fmt.Fprintln(w, n)
		}
		if err != nil {
			return err
		}
	}
	return nil
}
