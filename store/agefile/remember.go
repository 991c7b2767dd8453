package agefile

import (
	"bytes"
	"errors"
	"slices"
	"sync"

	"filippo.io/age"
)

// Remember is ids as one identity that keeps the file key it unwraps, so
// that a file decrypted more than once (oic restore reads a backup
// through twice) pays for the unwrapping once: for a passphrase, age's
// scrypt, about a second of one core each time. The key is handed again
// only for the very stanzas it was unwrapped from; age still checks the
// header's MAC with it every time.
func Remember(ids []age.Identity) age.Identity {
	return &remembered{ids: slices.Clone(ids)}
}

type remembered struct {
	ids     []age.Identity
	mu      sync.Mutex
	stanzas []age.Stanza
	key     []byte
}

func (r *remembered) Unwrap(stanzas []*age.Stanza) ([]byte, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.key != nil && slices.EqualFunc(r.stanzas, stanzas, sameStanza) {
		return bytes.Clone(r.key), nil
	}
	for _, id := range r.ids {
		key, err := id.Unwrap(stanzas)
		if errors.Is(err, age.ErrIncorrectIdentity) {
			continue
		}
		if err != nil {
			return nil, err
		}
		r.key, r.stanzas = bytes.Clone(key), make([]age.Stanza, len(stanzas))
		for i, s := range stanzas {
			r.stanzas[i] = age.Stanza{Type: s.Type, Args: slices.Clone(s.Args), Body: bytes.Clone(s.Body)}
		}
		return key, nil
	}
	return nil, age.ErrIncorrectIdentity
}

func sameStanza(a age.Stanza, b *age.Stanza) bool {
	return a.Type == b.Type && slices.Equal(a.Args, b.Args) && bytes.Equal(a.Body, b.Body)
}
