package store

import (
	"encoding/binary"
	"fmt"
	"os"
)

// RootPage returns the offset and size of the page that holds the store's
// top-level buckets, as the newest valid header page names it.
func RootPage(path string) (offset, size int64, err error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, 0, err
	}
	defer f.Close()
	var meta []byte
	for _, at := range []int64{0, defaultMetaGap} {
		m, ok := readMeta(f, at)
		if ok && (meta == nil || binary.LittleEndian.Uint64(m[offTxID:]) > binary.LittleEndian.Uint64(meta[offTxID:])) {
			meta = m
		}
	}
	if meta == nil {
		return 0, 0, fmt.Errorf("%s: no valid header page", path)
	}
	pageSize := int64(binary.LittleEndian.Uint32(meta[offPageSize:]))
	root := int64(binary.LittleEndian.Uint64(meta[offRoot:]))
	return root * pageSize, pageSize, nil
}

// OpenUnchecked opens a store without checking its layout, so that tests
// can hand Verify a store that Open would refuse.
func OpenUnchecked(path string) (*DB, error) {
	b, err := openBolt(path, Options{ReadOnly: true, Timeout: DefaultTimeout})
	if err != nil {
		return nil, err
	}
	return &DB{bolt: b, path: path}, nil
}
