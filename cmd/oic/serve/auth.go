package serve

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/charmbracelet/ssh"
	gossh "golang.org/x/crypto/ssh"

	"oic/domain"
)

// Over SSH an officer is their public key: a key is let in only if the
// store names the officer it belongs to (store.OfficerByKey). The name
// the client connects as (user@) means nothing.

type ctxKey int

const (
	refusedKeys ctxKey = iota // []string: fingerprints refused on this connection
	toldRefusal               // bool: the refusal has been shown
)

// publicKey lets in a key an officer has.
func (s *Server) publicKey(ctx ssh.Context, key ssh.PublicKey) bool {
	fp := gossh.FingerprintSHA256(key)
	_, err := s.cfg.Store.OfficerByKey(ctx, fp)
	if err == nil {
		return true
	}
	refused, _ := ctx.Value(refusedKeys).([]string)
	if slices.Contains(refused, fp) {
		return false // asked again, with its signature: logged once
	}
	ctx.SetValue(refusedKeys, append(slices.Clip(refused), fp))
	why := "unknown key"
	if !errors.Is(err, domain.ErrNotFound) {
		why = err.Error()
		s.logf("key %s from %s refused: %v", fp, ctx.RemoteAddr(), err)
	}
	s.logConn("refused", "", fp, ctx.RemoteAddr().String(), why)
	return false
}

// refusal tells a client whose keys were all refused which they were and
// what to ask for, as keyboard-interactive's instruction (OpenSSH shows
// it), then refuses: it asks nothing, and never lets anyone in.
func (s *Server) refusal(ctx ssh.Context, challenge gossh.KeyboardInteractiveChallenge) bool {
	// Clients ask again (OpenSSH three times): the first says it all.
	if told, _ := ctx.Value(toldRefusal).(bool); told {
		return false
	}
	ctx.SetValue(toldRefusal, true)
	refused, _ := ctx.Value(refusedKeys).([]string)
	_, _ = challenge("", refusalText(refused), nil, nil)
	return false
}

func refusalText(fps []string) string {
	var b strings.Builder
	switch len(fps) {
	case 0:
		b.WriteString("oic: this server lets officers in by their SSH key only, and your client offered none.\n")
		b.WriteString("Make a key (ssh-keygen -t ed25519) and ")
	case 1:
		fmt.Fprintf(&b, "oic: your key %s is not an officer's key on this server.\n", fps[0])
		b.WriteString("Ask an administrator to ")
	default:
		fmt.Fprintf(&b, "oic: none of your keys (%s) is an officer's key on this server.\n", strings.Join(fps, ", "))
		b.WriteString("Ask an administrator to ")
	}
	b.WriteString("run oic officer key add STAFFNO with your public key (the .pub file, e.g. ~/.ssh/id_ed25519.pub); then connect again.\n")
	return b.String()
}

func (s *Server) logConn(event string, sn domain.StaffNo, fp, addr, detail string) {
	if err := s.log.write(s.cfg.Clock(), event, sn, fp, addr, detail); err != nil {
		s.logf("cannot write the connection log: %v", err)
	}
}
