"""After the visit: the second opinion, its comparison with the first, and what follows."""
