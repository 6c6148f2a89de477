package blob

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// FS is a Store on the local filesystem. A content with digest abcd… lives
// at dir/ab/cd/abcd…; Put writes it to dir/tmp first and renames it into
// place, so a reader never sees a partial file and a crash leaves at most
// an orphan in dir/tmp.
type FS struct {
	dir string
}

var _ Store = (*FS)(nil)

// NewFS returns a store in dir, creating dir and dir/tmp (mode 0700) if
// needed.
func NewFS(dir string) (*FS, error) {
	if dir == "" {
		return nil, errors.New("blob.NewFS: empty directory")
	}
	f := &FS{dir: dir}
	if err := os.MkdirAll(f.tmpDir(), 0o700); err != nil {
		return nil, fmt.Errorf("blob.NewFS: %w", err)
	}
	return f, nil
}

// Put implements Store. limit must be positive.
func (f *FS) Put(ctx context.Context, r io.Reader, limit int64) (Info, error) {
	info, err := f.put(ctx, r, limit)
	if err != nil {
		return Info{}, fmt.Errorf("blob.FS.Put: %w", err)
	}
	return info, nil
}

func (f *FS) put(ctx context.Context, r io.Reader, limit int64) (Info, error) {
	if limit <= 0 {
		return Info{}, fmt.Errorf("limit %d is not positive", limit)
	}
	if err := ctx.Err(); err != nil {
		return Info{}, err
	}
	tmp, err := os.CreateTemp(f.tmpDir(), "put-*")
	if err != nil {
		return Info{}, err
	}
	kept := false
	defer func() {
		if !kept {
			tmp.Close() // may already be closed; the error does not matter
			os.Remove(tmp.Name())
		}
	}()

	h := sha256.New()
	size, err := copyContext(ctx, io.MultiWriter(tmp, h), r, limit)
	if err != nil {
		return Info{}, err
	}
	if err := tmp.Sync(); err != nil {
		return Info{}, err
	}
	if err := tmp.Close(); err != nil {
		return Info{}, err
	}
	info := Info{Digest: hex.EncodeToString(h.Sum(nil)), Size: size}

	final := f.path(info.Digest)
	if isFile(final) {
		return info, nil // the deferred function drops the temp copy
	}
	if err := os.MkdirAll(filepath.Dir(final), 0o700); err != nil {
		return Info{}, err
	}
	// Concurrent Puts of the same content each rename their own temp file;
	// the contents are identical, so whichever rename lands last is fine.
	if err := os.Rename(tmp.Name(), final); err != nil {
		if isFile(final) {
			return info, nil
		}
		return Info{}, err
	}
	kept = true
	syncDir(filepath.Dir(final))
	return info, nil
}

// Open implements Store. A digest that is not 64 lowercase hex characters is
// reported as ErrNotFound without touching the filesystem.
func (f *FS) Open(ctx context.Context, digest string) (io.ReadSeekCloser, error) {
	file, err := f.open(ctx, digest)
	if err != nil {
		return nil, fmt.Errorf("blob.FS.Open(%q): %w", digest, err)
	}
	return file, nil
}

func (f *FS) open(ctx context.Context, digest string) (*os.File, error) {
	if !ValidDigest(digest) {
		return nil, ErrNotFound
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	file, err := os.Open(f.path(digest))
	if errors.Is(err, os.ErrNotExist) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	if fi, err := file.Stat(); err != nil || !fi.Mode().IsRegular() {
		file.Close()
		if err != nil {
			return nil, err
		}
		return nil, ErrNotFound
	}
	return file, nil
}

// Verify re-hashes the stored content of digest and returns ErrCorrupt if it
// no longer matches, ErrNotFound if it is absent.
func (f *FS) Verify(ctx context.Context, digest string) error {
	file, err := f.open(ctx, digest)
	if err != nil {
		return fmt.Errorf("blob.FS.Verify(%q): %w", digest, err)
	}
	defer file.Close()
	h := sha256.New()
	if _, err := copyContext(ctx, h, file, -1); err != nil {
		return fmt.Errorf("blob.FS.Verify(%q): %w", digest, err)
	}
	if got := hex.EncodeToString(h.Sum(nil)); got != digest {
		return fmt.Errorf("blob.FS.Verify(%q): %w (content hashes to %s)", digest, ErrCorrupt, got)
	}
	return nil
}

func (f *FS) tmpDir() string { return filepath.Join(f.dir, "tmp") }

// path returns where a valid digest lives. Two levels of 256 directories
// keep each directory small even with millions of attachments.
func (f *FS) path(digest string) string {
	return filepath.Join(f.dir, digest[0:2], digest[2:4], digest)
}

// copyContext copies src to dst, checking ctx between chunks so that a
// cancelled upload stops promptly. A limit of zero or more makes reading
// more than limit bytes fail with ErrTooLarge; a negative one means none.
func copyContext(ctx context.Context, dst io.Writer, src io.Reader, limit int64) (int64, error) {
	buf := make([]byte, 32<<10)
	var n int64
	for {
		if err := ctx.Err(); err != nil {
			return n, err
		}
		m, rerr := src.Read(buf)
		if m > 0 {
			if limit >= 0 && n+int64(m) > limit {
				return n, fmt.Errorf("%w (%d bytes)", ErrTooLarge, limit)
			}
			if _, err := dst.Write(buf[:m]); err != nil {
				return n, err
			}
			n += int64(m)
		}
		if rerr == io.EOF {
			return n, nil
		}
		if rerr != nil {
			return n, rerr
		}
	}
}

func isFile(name string) bool {
	fi, err := os.Stat(name)
	return err == nil && fi.Mode().IsRegular()
}

// syncDir flushes a directory entry after a rename so that the new name
// survives a power cut. It is best effort: some systems (Windows) cannot
// sync a directory, and the content itself was already synced.
func syncDir(dir string) {
	d, err := os.Open(dir)
	if err != nil {
		return
	}
	d.Sync()
	d.Close()
}
