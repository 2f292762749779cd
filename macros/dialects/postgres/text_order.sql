{{expr}} COLLATE "C"
