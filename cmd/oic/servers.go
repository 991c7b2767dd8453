package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"golang.org/x/crypto/ssh"

	"oic/domain"
	"oic/store"
	"oic/store/exchange/signing"
)

// What a laptop's data folder remembers of each team server it pushes to
// and pulls from, in servers/HOST_PORT.json beside its store (a file, not
// the store: it is the laptop's own note, not a record):
//   - the server's folder signing key, pinned on the first pull (as
//     known_hosts pins its host key), so a pull signed by any other key
//     is refused;
//   - each visit's audit head when the two last agreed (a push or pull
//     that went through), so oic push sends what changed here since.

// serversFolder is where a data folder keeps its servers' files.
const serversFolder = "servers"

// serverState is one server's file.
type serverState struct {
	Server string `json:"server"`
	// SigningKey is the server folder's public key, as a line of
	// authorized_keys; PinnedAt when it was pinned.
	SigningKey string    `json:"signing_key,omitempty"`
	PinnedAt   time.Time `json:"pinned_at,omitzero"`
	// Heads are each visit's audit head hash when the laptop and the
	// server last agreed on it.
	Heads map[domain.Ref]string `json:"heads"`
}

// serverStatePath is t's file in the data folder dir.
func serverStatePath(dir string, t sshTarget) string {
	name := strings.NewReplacer(":", "_", "/", "_", "\\", "_", "[", "", "]", "").Replace(t.Addr())
	return filepath.Join(dir, serversFolder, name+".json")
}

// readServerState reads t's file, or an empty state if there is none.
func readServerState(dir string, t sshTarget) (*serverState, error) {
	path := serverStatePath(dir, t)
	st := &serverState{Server: t.String(), Heads: map[domain.Ref]string{}}
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return st, nil
	}
	if err != nil {
		return nil, fmt.Errorf("cannot read %s, what this folder remembers of %s: %w", path, t, err)
	}
	if err := json.Unmarshal(b, st); err != nil {
		return nil, fmt.Errorf("%s, what this folder remembers of %s, cannot be read (%v): restore it from a backup, or remove it (the next pull then pins the server's key afresh and the next push sends every visit)", path, t, err)
	}
	if st.Heads == nil {
		st.Heads = map[domain.Ref]string{}
	}
	return st, nil
}

// write saves the state whole or not at all.
func (st *serverState) write(dir string, t sshTarget) error {
	path := serverStatePath(dir, t)
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	b, err := json.MarshalIndent(st, "", "  ")
	if err != nil {
		return err
	}
	tmp := path + ".new"
	if err := os.WriteFile(tmp, append(b, '\n'), 0o600); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

// pinnedKey is the server's pinned signing key, or nil before the first
// pull.
func (st *serverState) pinnedKey() (ssh.PublicKey, error) {
	if st.SigningKey == "" {
		return nil, nil
	}
	k, _, _, _, err := ssh.ParseAuthorizedKey([]byte(st.SigningKey))
	if err != nil {
		return nil, fmt.Errorf("the server's pinned signing key cannot be read (%v)", err)
	}
	return k, nil
}

// pin pins key as the server's signing key.
func (st *serverState) pin(key ssh.PublicKey, at time.Time) {
	st.SigningKey = strings.TrimSpace(string(ssh.MarshalAuthorizedKey(key)))
	st.PinnedAt = at
}

// allowedSigners is the pin as an allowed_signers file's line, which
// the import checks a pull's signature against.
func (st *serverState) allowedSigners() string {
	return fmt.Sprintf("%s namespaces=%q %s\n", serverPrincipal, signing.Namespace, st.SigningKey)
}

// serverPrincipal is what the laptop's pin calls its server in the
// allowed_signers file a pull is checked against.
const serverPrincipal = "team-server"

// visitHeads reads the audit head of each visit in refs (every visit if
// nil) in the data folder's store.
func visitHeads(ctx context.Context, s *store.Store, refs []domain.Ref) (map[domain.Ref]string, error) {
	snap, err := s.Snapshot(1)
	if err != nil {
		return nil, err
	}
	defer snap.Close()
	rd := snap.Readers()[0]
	out := map[domain.Ref]string{}
	if refs == nil {
		err = rd.Select(ctx, store.Selection{}, func(sum domain.Summary) error {
			refs = append(refs, sum.Ref)
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	for _, ref := range refs {
		h, ok, err := rd.AuditHead(ref)
		if err != nil {
			return nil, fmt.Errorf("reading the audit trail of %s: %w", ref, err)
		}
		if ok {
			out[ref] = h.Hash
		}
	}
	return out, nil
}
