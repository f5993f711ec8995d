package store

import (
	"io/fs"
	"testing"
)

// TestNotRegular covers the kinds of file a test cannot safely create
// (a device node) beside those it can.
func TestNotRegular(t *testing.T) {
	for _, tc := range []struct {
		mode fs.FileMode
		want string
	}{
		{0o600, ""},
		{fs.ModeDir | 0o700, "it is a directory"},
		{fs.ModeNamedPipe | 0o600, "it is a named pipe (FIFO)"},
		{fs.ModeDevice | fs.ModeCharDevice | 0o666, "it is a device"},
		{fs.ModeDevice | 0o660, "it is a device"},
		{fs.ModeSocket | 0o755, "it is a socket"},
		{fs.ModeIrregular, "it is not a regular file"},
	} {
		if got := notRegular(tc.mode); got != tc.want {
			t.Errorf("notRegular(%v) = %q, want %q", tc.mode, got, tc.want)
		}
	}
}
