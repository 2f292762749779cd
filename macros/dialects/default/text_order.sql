{{expr}}
