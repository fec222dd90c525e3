from accounts import tokens


def test_tokens_carry_at_least_128_bits_and_are_stored_as_sha256():
    raw, stored = tokens.new_token()
    assert len(raw) >= 22  # 128 bits in URL-safe base64
    assert len(stored) == 64
    assert raw not in stored
    assert tokens.hash_token(raw) == stored


def test_tokens_differ_every_time():
    assert len({tokens.new_token()[0] for _ in range(100)}) == 100
