// Pre-generated RSA-2048 signing keys for test organizations (made once with node:crypto for
// these tests, used nowhere else): generating one costs ~0.2 s of CPU, and every test app makes
// at least one organization. Only tests pass them, through createServices' generateKeyPair
// option; Ed25519 keys are still generated per organization (microseconds).
import { generateKeyPair, type KeyPair, parsePrivateKey, publicKeyOf } from "@keyward/formats/node";
import type { SigningAlgorithm } from "../../src/store/schema.js";

/** PKCS#8 DER, Base64. */
const RSA_PRIVATE_KEYS = [
  [
    "MIIEvAIBADANBgkqhkiG9w0BAQEFAASCBKYwggSiAgEAAoIBAQDFUZPaEv66j5rV4ECOZON5ASNEraRCeYBESJVz0gD8",
    "/AuO8v46trx5gp+HgM0lAiKBDy/XxCu1vQij4iU50ECRlHwqalUZtBY10Snv7s2HPjM1pf3qjf66KL02BOHI2BvA3n3/",
    "lKsIYAhPhH64UQPFNU37d6KDMfMmFAHWvZhWWzVonwUj4ptdM/0yPXkZwAKhU6N2gJNrWbMhgr3lZ0RA6VwUBoMZQCwA",
    "NacKyM/KRtcU5XtfgFfcH22t2zOs5P3WxlqJZM/TwrmxTlQuJD4kGuo89AXYthIItVWZimyT4J+CUbKJ4R/ogVu8/27b",
    "Hvc24sE/a5N/D/M7/qs+5q1rAgMBAAECggEAR8cFIa8HOpZCnMqWsTXCCaKAUdtYhVXtcul0dE1QTrbg/X8nO/R9WzZJ",
    "EeGovm2oX4pGvRZ/T/0Tx4ncQMugsVRyVnuXuWHpMmqD9uPHoArgVgOr+kbtAosPSTc9avIyJlbJPs+157YHT+XCswnF",
    "dVeOpos+crsY2CEvCg6t+7tNlOnOBtTUqWocws3GbNmcpw/hdfvPV1r9rcA8BSI/GXiaf2h448BaLiOritd66EaZMqxB",
    "qfR91yYsFWndUauOssFDhjNMxXYUCIelI7z4N3Ai7em9MbpKzKUHMob2+vGJwJlCg3Q9mun5Fr3VwbD4oMxBrq8OWPsm",
    "7CZV5qL4AQKBgQD6qNSXWvbzVyPVpdkQKgquTfJ1Uq4TRKndcLTbZdAyk3ujptR/pjjbGsAjaB4AOPq6wD8JnYVycCIF",
    "Gkk0sSo3vsz4HOVQjcRNdEfwUPNN5e/frsHaU5StZyO+MwUXxaAuoFODK+Jpisrzgb1qzhCjtGHgVOFvIfzMTUKmQwpL",
    "YQKBgQDJhc+NODldIejqPp66FuGODB1lDowAHfw8rxvIU0f9cxoBXFNtf3i785IaVKHQmd8qfdOVmYnClz5Rmd0Mbr+U",
    "oUCeeldu23CTbS3ClQHnxtdB5l8QxBrmyko/hftvln4+LN7hvk8b6oRd6kKRoRXyar2sZWCYbBeex2s+6sGYSwKBgGmW",
    "qw8jE3oIUCEUnu5vN1aboTII5SlauE9+xcDSD7TuaZvTkBpBlBvAFgYUOucPGZeHmkZbo7ZERCBwJTxcEROwfTlbOsIH",
    "JhUWkaNLBmLfJH/OZvyoTq4JD4Z0iYWtCz/465UK7HJXNA0FrxwJt/qt5rkQKHKfF5WcSiIthW2hAoGAfRIBKGI2p+h9",
    "x7Opi1DcF+7I54lJtmDlxTvggEm/qjsfbqzAUnsEkZGvoYvZCcAV0ydYg8ZQy2ZWlQprOGYbnMEfe7vuO60Rh04BUnxs",
    "PE8aFZpGcf9juszdm+Mpk63RGAF9KpmUO30nPapAOmXBWzyID1CzzKV5W1/k3Z2RHVUCgYAwHaEQJOHl1yZVMqablFZ0",
    "MSXn+bY0Qy1RtPNW/hWhNBaarXcL7NazDXfYLD+Ol7ZOMVG1p4AodCVAyafEgG164h5riEQ5l2fqR5tAu8tUsl/iMzTV",
    "iw51ntW68xN2aEiQXD+/LpFNhCaX8qcMy2KlUIKNvNeLENfQj+noemfr2g==",
  ].join(""),
  [
    "MIIEvgIBADANBgkqhkiG9w0BAQEFAASCBKgwggSkAgEAAoIBAQDdEt3t4nDT0YMOvLIwxusu19Z/hQPNGnmyjdR1ZXqv",
    "3Ft5kxcv112HByMEMWL8vBxv5LT6mjfx0NcoHaINXCpz27HLu4Lh2M8UL1Q8LXH9dIrxPdxCrMcswvVzIq68FX2vRGwU",
    "e2yk0n9F39ibRlGS71zQNQ93stg5jeM8lEBh6reI6qCHXqKMNZ7Yf0za9VM5+xXIxLyBtfrOSn31iUbzAalfKtlH2YpK",
    "qXFtMCeReShGSWRx1q3130X7y+mggCeufpingmRihA/qNgEPGfgjxIPD1zPcU7no2ehjDjBJdWUeYg+VQyhtD7/Mzp8N",
    "3jY2NfmeAOqT/BUPVCdQwDy5AgMBAAECggEAAU/Npwbiy42fDd7Ns4hVu9mPLBEHV7et6ju5JjGCCShfXj5UfbI1BlUN",
    "pbgxobHFC1CWVqaoN2CutbGWNRiyipC5SXwnCXYwSQdKwLAZyZOf+m1MZj82XhwYzue4XE+dVWHeIjGIuzBo4xVHduHz",
    "oAOKL7FM59VjMMcfYwT+SLEbNVEFkeEJRCCUI7jLK8A2q17Seq/a3ilTafLQ10qbKQuNqoe1cIku8nw2sSHIKs1CqFo4",
    "7wYPc9GDzCnzmDAZkLKcNu0tQ9z6jnUREF0kWfRYtlieSs0YydFI1GpEBnxJ2z8tOHg45e3afJZqgYNgx/BB5D22Y4vq",
    "1ngfRgwE4QKBgQD6MFrRhT4t8dsZafUHAqw+w45rkycILSdvUEZFA/+r+fAdPP6Hpw7Gve0Iq7Ppz9VCNuSd/mmqh9cO",
    "jr2Wj7HaMNjXy8eQMsySW2nrAfUd3vj6Ai47GtUMFYbAXfdFwr3MhBo3NVa8BIi+8qXrj7VdVE9YygfEATyKhvRP68yK",
    "UQKBgQDiNWQDTSS7ApUCpXal9/+CRpdWBz1VFKmYwKr0rj1TTEez1aIECjDMXOH2vxayl4lMquAwVddi7mkGWp+N8xI8",
    "p1q5gEZXqXnObbVErJS4C4k/YmLuyZ07iHujZiYm32KvDd6R7aF16MqcbA/hBOt7wfb6nkmHLXlp1kkBb0GJ6QKBgQC2",
    "W/KGj4FACe6yenngD0GvSekQXiTwH8GDsFZXzc9Y8gfjt+aqx8jMcflI/aZYwWVnKw2+X4dzhinp8X8dNEXljP8xY9Zl",
    "M7HK6Biu9DFPAYwm5tn9uNQbR8F9i8BFt+mSHaPiI93Bk+h8je8EYS5IBcEELdY1NtWC/1Uqv+vJ0QKBgBLcELKVw/Iz",
    "jOjjkrjTrGHYMNXjVKG7T0iFB7vOqx4+xdugfBmKH/dp5w0DcYkCSVgzBu4AuixtZCQ7egIDugmEinPc1gCJCLbFPs+y",
    "89NEYvT95vGxrYJBJs3Avn2PMlMV/PB9t3B1MC9Kcyh3mIqA6W6Ls+WpTO4eB4gvFm/BAoGBAM0EKP9jfKdyL5UN58RK",
    "7mivzm+OuM7yefaGm6kN6YPaAOWm1B089FjvGqdqk0fY6LCf2MTG8TgFg6OF3uOjEOMSrV/wBfo8ly3NzuEwDMZkPNO9",
    "JoH0lO7gFVyiPtCyuBh+OWVMaeuBd90I7LE8GMEamALT2O1qAhYr33CgUowG",
  ].join(""),
  [
    "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC4BIPLHm5KkzyfUwrXYclAuJ9vtKoLAUGN6VJA1P3i",
    "oKWAkcJyTrHgZ7/fkLm4JTEiHE8GjfTD820kx9Bf8zGpxMK+446BXfjtZX4mJs8zwQIWp+h5rgP44On6EftQbNdZeaRX",
    "mnOgZZoWHyzT34nY+nlUOUFpiv9Z79GDGztStvkcfrOt+TkKPXvnr6evsHq7qVYF/l+dNKPKRYKLwVCvJlIgp/Kq7Jph",
    "pnpNurVUU9kSK67zPXfHI0wXhkLvdXxFyOvSUlpT/x9WtXyvz6iRb4fl3XJCDgB2ryjkAf1A5bjoXVxe2BkazJLyUCGJ",
    "hvP8XHrE/5DFICRAhqwCSD6NAgMBAAECggEAMuRkwq82138i+/lOfUS5ESI+TfmMMaD2TVYi/nUphhzhyM4HFe/3t9VZ",
    "tm3jPy9iCEoF/Q0TjYHsRIjSc0biDE6zgXGTvumLZ7RzEAAZu/l8J2HmpIhg5trlOtjwRUzkvgUrU2MO6WRQGiAjGLGx",
    "AQY8ufNfyN29Q1VU/0pvvK8PxLuYhAnokuEF1aqrDrPPwP8+61N06aAsQ6XMg1rA0QJ/kakMRT4WGJ/TPx8IlOknsEGf",
    "AU4HkwTqB2nRq4+c/Xdk51vmSWxCzBSrNbRqs+7afaY/Ibk6sjijpgsPnKYyUtblHQwIspp+QaITCLHy78c7fDxzcEAR",
    "UGlxPGQBDQKBgQDjbh+AxcoDH7Y3lRa0oJUsjoMyalXNBoxFGZwOdxclOBiwTa0ipLAbCsa55gdsJ+WYD9dCABtWZzq+",
    "NXH/EhPyIFDyMbDBv0LpSVEhATyOnVZvt+0l7Wrp4Oj+HdzaLgGZst9BlRYKqXQKiX20byTE7m51lfupmqJlaqkvYjuM",
    "6wKBgQDPIkwyyPbN5RUI715IG/1esK/kmzcfyU4+zOGNX/iKzmu0cADQ+w8gO0Mv9VGxNnZow0LZ+ZoIKZDikRuNTg8z",
    "xrC03+j/oEuNzP5V24XcfpPMiZ9FZWW2gZ08t1U8DKMGLjOSfbKNPYHuw+sBw0tZq7jlSOQ9w+ogSQIzTySkZwKBgEDE",
    "0+PwcB+DoHkj1FuMf+84htSMw/KnsrrbGD5mXAkVeLJ87Jm5HQ4We5HlmKeMlS5BFKSPMzngHDKfNd/WXifOXD8dN6F1",
    "vrCBWMF1gLF8zWjzkG4EtzXz/2afSo44G+yRrFMZCjXvHEUD8vC31ljfLkX+eLVMfIM1ZQlBiIQRAoGANPfJUodPjbFS",
    "IrnLe1clAKzgHe6PNyKsTqTn3NY44Y4NvtORcd9xq8Vb1gy+ujl6KCoek00f1YyDj1yaFhVrD8t0bpx/obbk+zr7owsC",
    "/TKlKv3aa82VKAmXIuqi8jstCSyRZZmdKj8bVepl00qUnzapjoCIVT8fROhGlsZbUWsCgYEAucYo/14s7q59vtLrpGlQ",
    "lEFW1O+Ms82B3JmzztzNA/xUCf2gZLomr34KZjVtK7CRRgFnXLO5W69sir5TWJWWnnzHWWpmhStnZ0ka2o0PfinMHSTr",
    "A45gAKHMyOhG8Qp3E22lJguNVU7sbWmyOnhHR/YEwiL8UTC4TIFZTAvgb2E=",
  ].join(""),
  [
    "MIIEvgIBADANBgkqhkiG9w0BAQEFAASCBKgwggSkAgEAAoIBAQC8OY1LXaNTf5SzaiaBNGk7tkNDh9OqbWY0y9kaoOql",
    "80Ln1VKLqCyyeFJd9jPQ+PbzvZkaCq1SBP8nP7muouJzwHxdnNOt9gzrDdkQjl0GyhLtVaMdfoZwJ98XOBh5++r88KpL",
    "V3P19dKYNCuWZ6pAMOKTFaMIHmA+p/3A0mt7vDOira6pqKnoBfq1KYj4vDqeRODbyDvhfS32vzBrz9JNIwBOnWdp9Xmi",
    "YRPJFBJzJWuD4BvfSo3hOYcWX1ZtRE4OpN5YilGx16Aole+QXNl424Yt4zbALxoc+VuAxa3AulfsZTVKNyNBVV5j1/Ot",
    "W36rXyQe3Zrk+FA3pysmN1Y/AgMBAAECggEABgFkE7KCIojgirTpU5gDf4c6MC5mP3rMFwUmASZ/NhpD2TfCMXiFLJCQ",
    "ODVBw/odjvtOpjkO/J3yMiNjXkIOLZlHnokBa/x8vwcrFM8mArBx2CayVJ+T1IJBKPF+Pm4eOkHHfS3mIkPcm0SW226l",
    "TPUCVaUMFZc6hOVBQGS2TzVM95hvTEZDvfaziTcIydbbHPX17LD0kXY6n0v4N+EA3S/jMD5hso+LSVwVztMtAoqHESFB",
    "Nm1btvUEv/AKhZvpy5ghHtwK6g3NQEWpajLtrVxzNT4cG7K9a59C9Nr9+Gwe8NunNb7cNzG+F8p4nohE2u3v1j5gAQid",
    "8lDN23qjyQKBgQDtVDjzr614FXJD9Un/ta+VnViSUHme14PaRMZM72gBkCRtNEZnaSzs5CYOWoDDB/9qBVOLg/Rxvne6",
    "QqbzTKnejdFslJV+eZUkK+82vrZMdFgXCIKww3COVNwdql9Tmb03W2DCang8oth1EeExDVfaBmSNWimvDs39T6oxrHt+",
    "fQKBgQDLCGCK5bYkcyZyE6rkHrs8Gp/NbHg1Ku6qT5bCctQyaeUvjTs3Oc5SmdLQL6YP6Y1iYMJkE4XXDASPX3AY+loc",
    "T72v1qsHHjeM/t2b0fnRa5VckwjxgPyabczbY8/oXVYWxlLq7bGu6DISZCMHjWsryEOV46bKfFk3fYFMsWDYawKBgQCL",
    "yDdjD+3T9I3AiRB0k8Y/ENXCF7QKYlU+kZNabQeNJCDQUSHGdqQHQrlHava76FH/V/PFEItBEzXhdrBuTJEgi9b1ZO5H",
    "98Rn8ZiLXfhxP3VC27hd9D6vFjwvHNHYo4xWtnNfDuaSkDd9fHJuObWsrGc8+gXjHY0lzW4oo7Z44QKBgESa2wx0HHzq",
    "kAYiES+uFrRzhqYCTgghLq5L4HRqGrvCPpg3z9eUZ9xPcAW65BEiaQziBy2Lz0DgJbZQmG9IQSSp6T2+euIX2suA318k",
    "r5aNFNZINNBuNmz0RzGm43zv9QQTFbeeg9jHSwwd3BxUM++CZxwB5b0sEXWHqiZBFalrAoGBAOrEZLgdRKAW6F8M2aVf",
    "h6hBtEHiZNsizafFqem33MrN20IAEKbvuze0uFnLfhpRaZ+h/Z2ZvhOWJbarcLfKX+kr/7q/gHlF8Oe6JbP4NlPWy9BI",
    "hvun4tyTJsAn34IS2lVb43Fphm+RRwdH7ND/vw1upOFs2uN3Sgb5BNUZmeiO",
  ].join(""),
];

/**
 * A key-pair maker for createServices: RSA keys from the list above in turn (so the first
 * four organizations of one test app have distinct keys), Ed25519 keys generated.
 */
export function testKeyPairs(): (algorithm: SigningAlgorithm) => KeyPair {
  let next = 0;
  return (algorithm) => {
    if (algorithm !== "rsa") return generateKeyPair(algorithm);
    const encoded = RSA_PRIVATE_KEYS[next++ % RSA_PRIVATE_KEYS.length]!;
    const privateKey = parsePrivateKey(new Uint8Array(Buffer.from(encoded, "base64")));
    return { privateKey, publicKey: publicKeyOf(privateKey) };
  };
}
