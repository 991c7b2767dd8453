package store

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dgraph-io/badger/v4"
	"github.com/dgraph-io/badger/v4/pb"
	"google.golang.org/protobuf/proto"
)

func TestLoadBackup_IsTheStoreBackedUp(t *testing.T) {
	s, _ := openStore(t)
	t0 := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	for i := range 30 {
		create(t, s, basics("SLN", "SW1A 1AA", t0.Add(time.Duration(48+i)*time.Hour), alice), alice, t0)
	}
	var stream bytes.Buffer
	if err := s.Backup(&stream); err != nil {
		t.Fatal(err)
	}

	dir := filepath.Join(t.TempDir(), "restored")
	if err := LoadBackup(dir, bytes.NewReader(stream.Bytes()), nil); err != nil {
		t.Fatal(err)
	}
	r, err := OpenWith(dir, Options{Derive: testDerivation})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	want, got := dbState(t, s.db), dbState(t, r.db)
	if len(got) != len(want) || len(want) < 30 {
		t.Fatalf("restored %d keys, the store held %d", len(got), len(want))
	}
	for k, v := range want {
		if got[k] != v {
			t.Fatalf("key %q restored as %d bytes, was %d", k, len(got[k]), len(v))
		}
	}
}

// backupList is one list of a backup stream as Badger's backup writes
// it: its length, then the list.
func backupList(t *testing.T, l *pb.KVList) []byte {
	t.Helper()
	msg, err := proto.Marshal(l)
	if err != nil {
		t.Fatal(err)
	}
	return append(binary.LittleEndian.AppendUint64(nil, uint64(len(msg))), msg...)
}

// A list longer than the StreamWriter is given at once (writeBatch), of
// values kept in the value log, with Badger's own field of the list
// beside its records, is loaded whole, every record as it was.
func TestLoadBackup_LoadsALongListWhole(t *testing.T) {
	want := map[string]string{}
	var kvs []*pb.KV
	for i := range 3 * writeBatch / 4096 {
		k, v := fmt.Sprintf("k%06d", i), strings.Repeat(string(rune('a'+i%26)), 4000)+fmt.Sprint(i)
		want[k] = v
		kvs = append(kvs, &pb.KV{Key: []byte(k), Value: []byte(v), Version: 1, StreamId: 1})
	}
	kvs = append(kvs, &pb.KV{StreamDone: true, StreamId: 1})
	stream := backupList(t, &pb.KVList{Kv: kvs, AllocRef: 7})

	dir := filepath.Join(t.TempDir(), "restored")
	if err := LoadBackup(dir, bytes.NewReader(stream), nil); err != nil {
		t.Fatal(err)
	}
	db, err := badger.Open(options_(DBDir(dir), nil).WithReadOnly(true))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	got := dbState(t, db)
	if len(got) != len(want) {
		t.Fatalf("loaded %d records of %d", len(got), len(want))
	}
	for k, v := range want {
		if got[k] != v {
			t.Fatalf("%s loaded as %d bytes, was %d", k, len(got[k]), len(v))
		}
	}
}

func TestLoadBackup_RefusesDamagedRecords(t *testing.T) {
	list := func(kvs ...*pb.KV) []byte { return backupList(t, &pb.KVList{Kv: kvs}) }
	kv := func(key string) *pb.KV {
		return &pb.KV{Key: []byte(key), Value: []byte("v"), Version: 1, StreamId: 1}
	}
	whole := list(kv("a"), kv("b"))
	for _, tc := range []struct {
		name, stream, want string
	}{
		{"a list cut short", string(whole[:len(whole)-3]), "cut short"},
		{"a record cut short inside its list", string(append(binary.LittleEndian.AppendUint64(nil, 4), 0x0a, 0x10, 0x0a, 0x01)), "damaged"},
		{"a record of a range after its end", string(list(kv("a"), &pb.KV{StreamDone: true, StreamId: 1}, kv("b"))), "damaged"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "restored")
			err := LoadBackup(dir, strings.NewReader(tc.stream), nil)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("LoadBackup: %v, want an error saying %q", err, tc.want)
			}
		})
	}
}
