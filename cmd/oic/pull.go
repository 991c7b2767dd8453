package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"golang.org/x/crypto/ssh"

	"oic/domain"
	"oic/store"
	"oic/store/exchange"
	"oic/store/exchange/signing"
)

const pullUsage = "[--identity FILE] [--known-hosts FILE] [--skip REF]... [--to-file FILE] ssh://[USER@]HOST[:PORT] [REF...]"

// runPull brings down from a team server the visits its officer has
// work on (domain.Config.Pulls), or those named, into this laptop's
// folder: an export the server signs with its folder's key, pinned here
// on the first pull, taken in whole or not at all by the rule a push
// meets (each visit new here or extending the trail here). Over SSH, on
// the server, it is that sending side (pullSend).
func runPull(ctx context.Context, g *globals, args []string, stdout, stderr io.Writer) error {
	if g.remote != nil {
		return pullSend(ctx, g, args, stdout, stderr)
	}
	call, err := parseTransfer(g, "pull", args, stdout, stderr, pullUsage,
		"leave this `REF` out of what is taken in (repeatable): one changed on both sides, until it is settled",
		"write what the server sends to this `file` (with FILE.sha256 and FILE.sig), checked against its pinned key, instead of taking it in: a copy of the server's version")
	if err != nil {
		return err
	}
	target, refs, skip, toFile := call.target, call.refs, call.skip, &call.toFile
	s, cfg, err := g.open()
	if err != nil {
		return err
	}
	defer s.Close()
	by, err := signedIn(ctx, g, s, false)
	if err != nil {
		return err
	}
	if by.StaffNo == "" {
		return fmt.Errorf("a pull records who took it in, and nobody is signed in on %s: pass --as STAFFNO (yours); nothing was pulled", s.Dir())
	}
	if err := recordsAs(ctx, g, s, by, cfg.Location(), stderr); err != nil {
		return err
	}
	st, err := readServerState(s.Dir(), target)
	if err != nil {
		return err
	}
	work := filepath.Join(s.Dir(), "incoming")
	if err := os.MkdirAll(work, 0o700); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(work, "pull-*.jsonl")
	if err != nil {
		return err
	}
	path := tmp.Name()
	defer func() {
		if p, _ := exchange.PendingImportOf(s); p != nil && p.Path == path {
			return // an import left unfinished: the same file finishes it
		}
		for _, f := range []string{path, path + ".sha256", path + ".sig", path + ".allowed_signers", exchange.IncomingKeyFile(path)} {
			os.Remove(f)
		}
	}()
	c, err := sshDial(ctx, target, call.ssh)
	if err != nil {
		tmp.Close()
		return err
	}
	defer c.Close()
	sum := newSum()
	// Kept sealed if the folder is encrypted (exchange.SealIncoming).
	sealed, err := exchange.SealIncoming(path, s.Vault(), tmp)
	if err != nil {
		tmp.Close()
		return err
	}
	body := &cappedWriter{w: io.MultiWriter(sealed, sum), left: maxTransfer}
	var errb limitedBuffer
	args = []string{"pull"}
	for _, r := range skip {
		args = append(args, "--skip", string(r))
	}
	for _, r := range refs {
		args = append(args, string(r))
	}
	code, err := sshRun(ctx, c, args, nil, body, &errb)
	if serr := sealed.Close(); err == nil {
		err = serr
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("the pull from %s did not finish (%w); nothing was taken in", target, err)
	}
	if code != 0 {
		msg := strings.TrimPrefix(strings.TrimSpace(domain.Inert(errb.String())), "oic: ")
		if msg == "" {
			msg = fmt.Sprintf("it ended with exit status %d and said nothing", code)
		}
		return fmt.Errorf("%s refused the pull: %s", target, msg)
	}
	if body.left < 0 {
		return fmt.Errorf("%s sent over %d MB; nothing was taken in", target, maxTransfer>>20)
	}
	// Standard error holds the signature by the server's folder key, as
	// an export over SSH does.
	sig, err := signing.ParseSignature(errb.Bytes())
	if err != nil {
		return fmt.Errorf("%s sent a pull whose signature cannot be read (%v); nothing was taken in", target, err)
	}
	pinned, err := st.pinnedKey()
	if err != nil {
		return fmt.Errorf("%s: %w. Remove %s to pin the server's key afresh on the next pull; nothing was taken in", target, err, serverStatePath(s.Dir(), target))
	}
	first := pinned == nil
	switch {
	case first:
		st.pin(sig.PublicKey(), pullClock())
	case !bytes.Equal(pinned.Marshal(), sig.PublicKey().Marshal()):
		return fmt.Errorf("%s signed this pull with the key %s, but this folder pinned its key %s on %s: it may not be the server you pulled from before. Nothing was taken in. "+
			"Ask its administrator whether the server's folder (and so its key) changed; if it did, remove %s and pull again to pin the new one",
			target, sig.Fingerprint(), ssh.FingerprintSHA256(pinned), st.PinnedAt.In(cfg.Location()).Format(domain.DateTimeLayout), serverStatePath(s.Dir(), target))
	}
	if err := os.WriteFile(path+".sha256", fmt.Appendf(nil, "%s  %s\n", sum.hex(), filepath.Base(path)), 0o600); err != nil {
		return err
	}
	if err := os.WriteFile(path+".sig", errb.Bytes(), 0o600); err != nil {
		return err
	}
	if err := os.WriteFile(path+".allowed_signers", []byte(st.allowedSigners()), 0o600); err != nil {
		return err
	}
	if *toFile != "" {
		return pullToFile(s, path, *toFile, target, sig, stdout)
	}
	res, err := exchange.ImportTransfer(ctx, s, path, exchange.TransferOptions{By: by, At: pullClock(), AllowedSigners: path + ".allowed_signers"})
	var te *exchange.TransferError
	if errors.As(err, &te) && len(te.Conflicts) > 0 {
		fmt.Fprint(stderr, conflictAdvice(s.Dir(), cfg.Location(), target, te.Conflicts, "pull"))
		return &exitError{Code: 1}
	}
	if err != nil {
		return err
	}
	// What the laptop and the server now agree on: a visit pulled whose
	// head here is the one pulled (not one this laptop holds newer).
	pulled, err := headsInFile(s, path)
	if err != nil {
		return err
	}
	here, err := visitHeads(ctx, s, slices.Collect(maps.Keys(pulled)))
	if err != nil {
		return err
	}
	for ref, h := range pulled {
		if here[ref] == h {
			st.Heads[ref] = h
		}
	}
	if err := st.write(s.Dir(), target); err != nil {
		return fmt.Errorf("the pull was taken in, but this folder could not note it (%v): the server's signing key is not pinned yet", err)
	}
	fmt.Fprintf(stdout, "Pulled %d %s from %s into %s: %d new here, %d updated, %d already here and the same, %d older than this laptop's (this laptop's kept).\n",
		res.Visits, plural(res.Visits, "visit"), target, s.Dir(), res.Added, res.Replaced, res.Unchanged, res.Older)
	if first {
		fmt.Fprintf(stdout, "  First pull from %s: its folder's signing key %s is now pinned in %s; a pull signed by any other key is refused.\n",
			target, sig.Fingerprint(), serverStatePath(s.Dir(), target))
	}
	// Online, the laptop keeps reference numbers in hand for the visits
	// it will create offline (refs.go).
	topUpRefs(ctx, s, c, target, by, stdout, stderr)
	return nil
}

// pullClock is when a pull is made; tests stand still.
var pullClock = pushClock

// pullToFile keeps what the server sent, checked, as the file to with
// its digest and signature beside it.
func pullToFile(s *store.Store, path, to string, t sshTarget, sig *signing.Signature, stdout io.Writer) error {
	dataDir := s.Dir()
	abs, err := filepath.Abs(to)
	if err != nil {
		return err
	}
	if dd, err := filepath.Abs(dataDir); err == nil && strings.HasPrefix(abs, dd+string(filepath.Separator)) {
		return fmt.Errorf("--to-file %s is inside the data folder %s: write it elsewhere", to, dataDir)
	}
	for _, f := range []string{abs, abs + ".sha256", abs + ".sig"} {
		if _, err := os.Lstat(f); err == nil {
			return fmt.Errorf("%s is already there: choose another --to-file; nothing was written", f)
		}
	}
	r, err := exchange.OpenIncoming(path, s.Vault())
	if err != nil {
		return err
	}
	b, err := io.ReadAll(r)
	r.Close()
	if err != nil {
		return err
	}
	sum := newSum()
	sum.Write(b)
	if sig.SHA512() || sig.Verify(sum.raw()) != nil {
		return fmt.Errorf("what %s sent does not match its signature; nothing was written", t)
	}
	if err := os.WriteFile(abs, b, 0o600); err != nil {
		return err
	}
	if err := os.WriteFile(abs+".sha256", fmt.Appendf(nil, "%s  %s\n", sum.hex(), filepath.Base(abs)), 0o600); err != nil {
		return err
	}
	sb, _ := os.ReadFile(path + ".sig")
	if err := os.WriteFile(abs+".sig", sb, 0o600); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Wrote the server's version from %s to %s, signed by its folder's key %s, with %s.sha256 and %s.sig. Nothing was taken in.\n",
		t, abs, sig.Fingerprint(), filepath.Base(abs), filepath.Base(abs))
	return nil
}

// pullSend is the server's side of oic pull, run over SSH as the key's
// officer: the export of the visits they have work on (or of those
// named, if they may see them) on standard output, in every state, and
// its signature by the server's folder key on standard error, as export
// over SSH writes them.
func pullSend(ctx context.Context, g *globals, args []string, stdout, stderr io.Writer) error {
	fs := g.flagSet("pull", stderr)
	var skip refList
	fs.Var(&skip, "skip", "leave this `REF` out")
	rest, err := parseWithArgs(fs, args, stdout, "[--skip REF]... [REF...]")
	if err != nil {
		return err
	}
	s, cfg, err := g.open()
	if err != nil {
		return err
	}
	defer s.Close()
	by, err := signedIn(ctx, g, s, true)
	if err != nil {
		return err
	}
	refs := []domain.Ref{} // never nil: nil is the records clerk's export
	if len(rest) > 0 {
		for _, a := range rest {
			ref, err := domain.ParseRef(strings.ToUpper(a))
			if err != nil {
				return err
			}
			v, err := s.Visit(ctx, ref)
			if errors.Is(err, domain.ErrNotFound) {
				return fmt.Errorf("%s is not on this server; nothing was sent", ref)
			}
			if err != nil {
				return err
			}
			if err := cfg.MaySee(by, v); err != nil {
				return fmt.Errorf("%w; nothing was sent", err)
			}
			if !slices.Contains(skip, ref) {
				refs = append(refs, ref)
			}
		}
	} else {
		// The visits they take part in, from the officers' index, and
		// those of their teams that may wait for them: only those read.
		mine, err := s.PartIn(ctx, by.StaffNo)
		if err != nil {
			return err
		}
		pre := func(sum domain.Summary) bool { return cfg.PullCandidate(by, sum, slices.Contains(mine, sum.Ref)) }
		all, err := exchange.SelectVisits(ctx, s, pre, func(v *domain.Visit) bool { return cfg.Pulls(by, v) })
		if err != nil {
			return err
		}
		refs = slices.DeleteFunc(all, func(r domain.Ref) bool { return slices.Contains(skip, r) })
	}
	opt := exchange.ExportOptions{Format: exchange.FormatJSONL, Visits: refs, By: by, At: pullClock(), ToolVersion: Version(),
		Config: cfg, Loc: cfg.Location(), Name: "(pulled by " + by.Label() + ")"}
	return exportToSession(ctx, g, s, opt)
}

// headsInFile reads each visit's reference and audit head from a
// push or pull already taken in (so checked).
func headsInFile(s *store.Store, path string) (map[domain.Ref]string, error) {
	f, err := exchange.OpenIncoming(path, s.Vault())
	if err != nil {
		return nil, err
	}
	defer f.Close()
	out := map[domain.Ref]string{}
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 64<<20)
	for n := 0; sc.Scan(); n++ {
		if n == 0 {
			continue
		}
		var line struct {
			Ref   domain.Ref `json:"ref"`
			Audit struct {
				Head string `json:"head"`
			} `json:"audit"`
		}
		if err := json.Unmarshal(sc.Bytes(), &line); err != nil {
			return nil, err
		}
		out[line.Ref] = line.Audit.Head
	}
	return out, sc.Err()
}

// cappedWriter writes at most left bytes to w, and counts past it.
type cappedWriter struct {
	w    io.Writer
	left int64
}

func (c *cappedWriter) Write(p []byte) (int, error) {
	if c.left >= int64(len(p)) {
		c.left -= int64(len(p))
		return c.w.Write(p)
	}
	c.left = -1
	return len(p), nil
}

// sha256Sum is a SHA-256 being made, as the digest file and the
// signature want it.
type sha256Sum struct{ h hash.Hash }

func newSum() *sha256Sum                         { return &sha256Sum{sha256.New()} }
func (s *sha256Sum) Write(p []byte) (int, error) { return s.h.Write(p) }
func (s *sha256Sum) raw() []byte                 { return s.h.Sum(nil) }
func (s *sha256Sum) hex() string                 { return hex.EncodeToString(s.h.Sum(nil)) }
