// Package blob stores attachment contents addressed by their SHA-256 digest
// and holds the rules an uploaded attachment must pass before it is stored.
// Metadata (file name, owner, document) lives in the database; a blob is
// only bytes, so storing the same file twice keeps one copy.
package blob

import (
	"context"
	"errors"
	"io"
)

// Store keeps attachment contents addressed by their SHA-256 digest. A
// filesystem store in the data folder is the default; an S3-compatible one
// can come later.
type Store interface {
	// Put reads r to the end (at most limit bytes; more is ErrTooLarge),
	// stores it and returns its digest (lowercase hex SHA-256) and size.
	// Storing the same content twice keeps one copy.
	Put(ctx context.Context, r io.Reader, limit int64) (Info, error)
	// Open returns the content of digest; ErrNotFound if absent.
	Open(ctx context.Context, digest string) (io.ReadSeekCloser, error)
}

// Info describes a stored content.
type Info struct {
	Digest string // lowercase hex SHA-256
	Size   int64  // bytes
}

// Errors of a Store. Callers test for them with errors.Is.
var (
	ErrTooLarge = errors.New("blob: content exceeds the size limit")
	ErrNotFound = errors.New("blob: not found")
	// ErrCorrupt means a stored content no longer hashes to its digest: the
	// file was damaged or tampered with.
	ErrCorrupt = errors.New("blob: content does not match its digest")
)

// ValidDigest reports whether s is a digest as Put returns it: 64 lowercase
// hexadecimal characters. Anything else never reaches a file path.
func ValidDigest(s string) bool {
	if len(s) != 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}
