package blob_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/zhongshu-oa/zhongshu/internal/blob"
)

// MustNewFS returns a store in a fresh temporary directory and that directory.
func MustNewFS(t *testing.T) (*blob.FS, string) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "blobs")
	f, err := blob.NewFS(dir)
	if err != nil {
		t.Fatal(err)
	}
	return f, dir
}

// MustPut stores content and returns its info.
func MustPut(t *testing.T, f *blob.FS, content []byte) blob.Info {
	t.Helper()
	info, err := f.Put(context.Background(), bytes.NewReader(content), 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	return info
}

func sum(content []byte) string {
	h := sha256.Sum256(content)
	return hex.EncodeToString(h[:])
}

// storedFiles lists the files under dir, relative and slash-separated.
func storedFiles(t *testing.T, dir string) []string {
	t.Helper()
	var files []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(dir, path)
		files = append(files, filepath.ToSlash(rel))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func TestNewFS(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data", "blobs")
	if _, err := blob.NewFS(dir); err != nil {
		t.Fatal(err)
	}
	for _, d := range []string{dir, filepath.Join(dir, "tmp")} {
		fi, err := os.Stat(d)
		if err != nil {
			t.Fatal(err)
		}
		if runtime.GOOS != "windows" && fi.Mode().Perm() != 0o700 {
			t.Errorf("%s mode = %v, want 0700", d, fi.Mode().Perm())
		}
	}
	// An existing directory is fine.
	if _, err := blob.NewFS(dir); err != nil {
		t.Fatal(err)
	}
	if _, err := blob.NewFS(""); err == nil {
		t.Error("NewFS(\"\") succeeded, want error")
	}
}

func TestFS_PutOpen(t *testing.T) {
	ctx := context.Background()
	f, dir := MustNewFS(t)
	content := []byte("县政办发〔2026〕12号 关于做好防汛工作的通知")
	want := blob.Info{Digest: sum(content), Size: int64(len(content))}

	info := MustPut(t, f, content)
	if diff := cmp.Diff(want, info); diff != "" {
		t.Fatalf("info mismatch (-want +got):\n%s", diff)
	}
	// Storing it again keeps one copy.
	if diff := cmp.Diff(want, MustPut(t, f, content)); diff != "" {
		t.Fatalf("second info mismatch (-want +got):\n%s", diff)
	}
	d := want.Digest
	if diff := cmp.Diff([]string{d[0:2] + "/" + d[2:4] + "/" + d}, storedFiles(t, dir)); diff != "" {
		t.Errorf("files mismatch (-want +got):\n%s", diff)
	}

	rc, err := f.Open(ctx, d)
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	got, err := io.ReadAll(rc)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, content) {
		t.Errorf("content = %q, want %q", got, content)
	}
	// The content is seekable, for ranged downloads.
	if _, err := rc.Seek(int64(len("县政办发")), io.SeekStart); err != nil {
		t.Fatal(err)
	}
	got, err = io.ReadAll(rc)
	if err != nil {
		t.Fatal(err)
	}
	if want := content[len("县政办发"):]; !bytes.Equal(got, want) {
		t.Errorf("content after seek = %q, want %q", got, want)
	}
	if err := f.Verify(ctx, d); err != nil {
		t.Errorf("Verify: %v", err)
	}
}

func TestFS_PutEmpty(t *testing.T) {
	f, _ := MustNewFS(t)
	want := blob.Info{Digest: "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", Size: 0}
	if diff := cmp.Diff(want, MustPut(t, f, nil)); diff != "" {
		t.Errorf("info mismatch (-want +got):\n%s", diff)
	}
}

func TestFS_PutConcurrent(t *testing.T) {
	f, dir := MustNewFS(t)
	content := bytes.Repeat([]byte("督办事项 "), 100_000) // about 1.3 MB, several chunks
	want := blob.Info{Digest: sum(content), Size: int64(len(content))}

	const n = 16
	infos := make([]blob.Info, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			infos[i], errs[i] = f.Put(context.Background(), bytes.NewReader(content), 2<<20)
		})
	}
	wg.Wait()
	for i := range n {
		if errs[i] != nil {
			t.Fatalf("Put %d: %v", i, errs[i])
		}
		if diff := cmp.Diff(want, infos[i]); diff != "" {
			t.Errorf("Put %d info mismatch (-want +got):\n%s", i, diff)
		}
	}
	d := want.Digest
	if diff := cmp.Diff([]string{d[0:2] + "/" + d[2:4] + "/" + d}, storedFiles(t, dir)); diff != "" {
		t.Errorf("files mismatch (-want +got):\n%s", diff)
	}
	if err := f.Verify(context.Background(), d); err != nil {
		t.Errorf("Verify: %v", err)
	}
}

func TestFS_PutLimit(t *testing.T) {
	ctx := context.Background()
	f, dir := MustNewFS(t)
	content := []byte("0123456789")

	if _, err := f.Put(ctx, bytes.NewReader(content), 10); err != nil {
		t.Errorf("Put of exactly the limit: %v", err)
	}
	_, err := f.Put(ctx, bytes.NewReader(append(content, 'x')), 10)
	if !errors.Is(err, blob.ErrTooLarge) {
		t.Errorf("Put over the limit: err = %v, want ErrTooLarge", err)
	}
	// A huge stream is cut off at the limit, not read to the end.
	_, err = f.Put(ctx, endless{}, 1<<20)
	if !errors.Is(err, blob.ErrTooLarge) {
		t.Errorf("Put of an endless stream: err = %v, want ErrTooLarge", err)
	}
	for _, limit := range []int64{0, -1} {
		if _, err := f.Put(ctx, bytes.NewReader(nil), limit); err == nil {
			t.Errorf("Put with limit %d succeeded, want error", limit)
		}
	}
	// Only the fitting content is stored and no temp file is left over.
	d := sum(content)
	if diff := cmp.Diff([]string{d[0:2] + "/" + d[2:4] + "/" + d}, storedFiles(t, dir)); diff != "" {
		t.Errorf("files mismatch (-want +got):\n%s", diff)
	}
}

// endless reads as an infinite stream of 'a'.
type endless struct{}

func (endless) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = 'a'
	}
	return len(p), nil
}

// cancelAfter cancels its context once n reads have happened.
type cancelAfter struct {
	n      int
	cancel context.CancelFunc
}

func (c *cancelAfter) Read(p []byte) (int, error) {
	c.n--
	if c.n <= 0 {
		c.cancel()
	}
	return endless{}.Read(p)
}

type failingReader struct{}

var errDisk = errors.New("connection reset")

func (failingReader) Read(p []byte) (int, error) {
	copy(p, "partial")
	return len("partial"), errDisk
}

func TestFS_PutFailure(t *testing.T) {
	f, dir := MustNewFS(t)

	t.Run("cancelled during the copy", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		_, err := f.Put(ctx, &cancelAfter{n: 3, cancel: cancel}, 1<<30)
		if !errors.Is(err, context.Canceled) {
			t.Errorf("err = %v, want context.Canceled", err)
		}
	})
	t.Run("cancelled before", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		_, err := f.Put(ctx, strings.NewReader("x"), 10)
		if !errors.Is(err, context.Canceled) {
			t.Errorf("err = %v, want context.Canceled", err)
		}
	})
	t.Run("read error", func(t *testing.T) {
		_, err := f.Put(context.Background(), failingReader{}, 10)
		if !errors.Is(err, errDisk) {
			t.Errorf("err = %v, want %v", err, errDisk)
		}
	})
	if files := storedFiles(t, dir); len(files) != 0 {
		t.Errorf("files left over: %q", files)
	}
}

func TestFS_OpenNotFound(t *testing.T) {
	f, dir := MustNewFS(t)
	stored := MustPut(t, f, []byte("正文")).Digest
	// A file outside the store that a traversal would reach.
	secret := filepath.Join(dir, "..", "secret")
	if err := os.WriteFile(secret, []byte("secret"), 0o600); err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name, digest string
	}{
		{"absent", sum([]byte("absent"))},
		{"empty", ""},
		{"etc passwd", "../../etc/passwd"},
		{"sibling file", "../secret"},
		{"traversal padded to 64", "../../../../../../../../../../../../../../../../../../../../secret"},
		{"absolute path", filepath.Join(dir, stored[0:2], stored[2:4], stored)},
		{"relative path", stored[0:2] + "/" + stored[2:4] + "/" + stored},
		{"uppercase hex", strings.ToUpper(stored)},
		{"63 characters", stored[:63]},
		{"65 characters", stored + "0"},
		{"non-hex", strings.Repeat("g", 64)},
		{"NUL byte", stored[:63] + "\x00"},
		{"tmp directory", "tmp"},
		{"two-level directory", stored[0:2]},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rc, err := f.Open(context.Background(), tt.digest)
			if err == nil {
				rc.Close()
			}
			if !errors.Is(err, blob.ErrNotFound) {
				t.Errorf("Open(%q): err = %v, want ErrNotFound", tt.digest, err)
			}
			if err := f.Verify(context.Background(), tt.digest); !errors.Is(err, blob.ErrNotFound) {
				t.Errorf("Verify(%q): err = %v, want ErrNotFound", tt.digest, err)
			}
		})
	}

	t.Run("cancelled", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		if _, err := f.Open(ctx, stored); !errors.Is(err, context.Canceled) {
			t.Errorf("err = %v, want context.Canceled", err)
		}
	})
}

func TestFS_VerifyTampered(t *testing.T) {
	ctx := context.Background()
	f, dir := MustNewFS(t)
	content := []byte("2026年3月6日印发")
	d := MustPut(t, f, content).Digest
	if err := f.Verify(ctx, d); err != nil {
		t.Fatalf("Verify before tampering: %v", err)
	}

	path := filepath.Join(dir, d[0:2], d[2:4], d)
	if err := os.WriteFile(path, []byte("2026年3月7日印发"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := f.Verify(ctx, d); !errors.Is(err, blob.ErrCorrupt) {
		t.Errorf("Verify after tampering: err = %v, want ErrCorrupt", err)
	}

	// Putting the original again does not repair it: the store trusts an
	// existing file, which is why Verify exists.
	MustPut(t, f, content)
	if err := f.Verify(ctx, d); !errors.Is(err, blob.ErrCorrupt) {
		t.Errorf("Verify after a second Put: err = %v, want ErrCorrupt", err)
	}

	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
	if err := f.Verify(ctx, d); !errors.Is(err, blob.ErrNotFound) {
		t.Errorf("Verify after removal: err = %v, want ErrNotFound", err)
	}
}

func TestValidDigest(t *testing.T) {
	d := sum([]byte("x"))
	tests := []struct {
		in   string
		want bool
	}{
		{d, true},
		{strings.Repeat("0", 64), true},
		{strings.ToUpper(d), false},
		{d[:63], false},
		{d + "a", false},
		{"../" + d[3:], false},
		{"", false},
	}
	for _, tt := range tests {
		if got := blob.ValidDigest(tt.in); got != tt.want {
			t.Errorf("ValidDigest(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}
