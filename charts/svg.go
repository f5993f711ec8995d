package charts

import (
	"bytes"
	"io"

	"gonum.org/v1/plot/vg/vgsvg"
)

// svgCanvas is gonum's SVG canvas with a font fallback list: the SVG
// names Liberation Sans (whose widths the layout measured) and then faces
// of nearly the same widths, so a browser without Liberation keeps the
// text inside the space it was given.
type svgCanvas struct{ *vgsvg.Canvas }

func (c svgCanvas) WriteTo(w io.Writer) (int64, error) {
	var buf bytes.Buffer
	if _, err := c.Canvas.WriteTo(&buf); err != nil {
		return 0, err
	}
	out := bytes.ReplaceAll(buf.Bytes(), []byte("font-family:Liberation Sans;"), []byte("font-family:"+fontFallback+";"))
	n, err := w.Write(out)
	return int64(n), err
}
